import type { CareerStage, EventKind, Profession } from "./gql/graphql.js";

/** The widget's languages; country and language names come from Intl.DisplayNames in any of them. */
export const LANGUAGES = ["en", "fr", "es", "pt"] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Labels {
  language: string;
  directory: string;
  search: string;
  anyCountry: string;
  anyStage: string;
  anyProfession: string;
  results: (count: number) => string;
  noResults: string;
  previous: string;
  next: string;
  page: (page: number) => string;
  close: string;
  society: string;
  languages: string;
  expertise: string;
  mentoring: string;
  acceptingMentees: (free: number, capacity: number) => string;
  notAcceptingMentees: string;
  notAMentor: string;
  upcomingEvents: string;
  noEvents: string;
  online: string;
  addToCalendar: string;
  loading: string;
  unreachable: string;
  failed: (message: string) => string;
  careerStages: Record<CareerStage, string>;
  professions: Record<Profession, string>;
  eventKinds: Record<EventKind, string>;
}

export const LABELS: Record<Language, Labels> = {
  en: {
    language: "Language",
    directory: "Member directory",
    search: "Search by name or expertise",
    anyCountry: "Any country",
    anyStage: "Any career stage",
    anyProfession: "Any profession",
    results: (count) => `${count} member${count === 1 ? "" : "s"}`,
    noResults: "No member matches.",
    previous: "Previous",
    next: "Next",
    page: (page) => `Page ${page}`,
    close: "Close",
    society: "Society",
    languages: "Languages",
    expertise: "Expertise",
    mentoring: "Mentoring",
    acceptingMentees: (free, capacity) => `Accepting mentees: ${free} of ${capacity} places free`,
    notAcceptingMentees: "Not accepting mentees at the moment",
    notAMentor: "Not a mentor",
    upcomingEvents: "Upcoming events",
    noEvents: "No upcoming events.",
    online: "Online",
    addToCalendar: "Add to calendar",
    loading: "Loading…",
    unreachable: "The copnet directory cannot be reached from this site. If you run this site, register its address with copnet and use a publishable key.",
    failed: (message) => `The directory could not answer: ${message}`,
    careerStages: { STUDENT: "Student", TRAINEE: "Trainee", EARLY_CAREER: "Early career", MID_CAREER: "Mid-career", SENIOR: "Senior" },
    professions: { PHYSICIAN: "Physician", NURSE: "Nurse", PHARMACIST: "Pharmacist", ALLIED_HEALTH: "Allied health professional", RESEARCHER: "Researcher", EDUCATOR: "Educator", OTHER: "Other" },
    eventKinds: { WEBINAR: "Webinar", WORKSHOP: "Workshop", CONFERENCE_SESSION: "Conference session", SPEED_MENTORING: "Speed mentoring", CAREER_LUNCH: "Career lunch", JOURNAL_CLUB: "Journal club", CASE_DISCUSSION: "Case discussion" },
  },
  fr: {
    language: "Langue",
    directory: "Annuaire des membres",
    search: "Rechercher par nom ou expertise",
    anyCountry: "Tous les pays",
    anyStage: "Toutes les étapes de carrière",
    anyProfession: "Toutes les professions",
    results: (count) => `${count} membre${count > 1 ? "s" : ""}`,
    noResults: "Aucun membre ne correspond.",
    previous: "Précédent",
    next: "Suivant",
    page: (page) => `Page ${page}`,
    close: "Fermer",
    society: "Société",
    languages: "Langues",
    expertise: "Expertise",
    mentoring: "Mentorat",
    acceptingMentees: (free, capacity) => `Accepte des mentorés : ${free} place(s) libre(s) sur ${capacity}`,
    notAcceptingMentees: "N'accepte pas de mentorés pour le moment",
    notAMentor: "N'est pas mentor",
    upcomingEvents: "Événements à venir",
    noEvents: "Aucun événement à venir.",
    online: "En ligne",
    addToCalendar: "Ajouter au calendrier",
    loading: "Chargement…",
    unreachable: "L'annuaire copnet n'est pas joignable depuis ce site. Si vous gérez ce site, enregistrez son adresse auprès de copnet et utilisez une clé publiable.",
    failed: (message) => `L'annuaire n'a pas pu répondre : ${message}`,
    careerStages: { STUDENT: "Étudiant·e", TRAINEE: "Interne", EARLY_CAREER: "Début de carrière", MID_CAREER: "Milieu de carrière", SENIOR: "Senior" },
    professions: { PHYSICIAN: "Médecin", NURSE: "Infirmier·ère", PHARMACIST: "Pharmacien·ne", ALLIED_HEALTH: "Professionnel·le paramédical·e", RESEARCHER: "Chercheur·euse", EDUCATOR: "Enseignant·e", OTHER: "Autre" },
    eventKinds: { WEBINAR: "Webinaire", WORKSHOP: "Atelier", CONFERENCE_SESSION: "Session de congrès", SPEED_MENTORING: "Speed mentoring", CAREER_LUNCH: "Déjeuner carrière", JOURNAL_CLUB: "Club de lecture", CASE_DISCUSSION: "Discussion de cas" },
  },
  es: {
    language: "Idioma",
    directory: "Directorio de miembros",
    search: "Buscar por nombre o especialidad",
    anyCountry: "Todos los países",
    anyStage: "Todas las etapas profesionales",
    anyProfession: "Todas las profesiones",
    results: (count) => `${count} miembro${count === 1 ? "" : "s"}`,
    noResults: "Ningún miembro coincide.",
    previous: "Anterior",
    next: "Siguiente",
    page: (page) => `Página ${page}`,
    close: "Cerrar",
    society: "Sociedad",
    languages: "Idiomas",
    expertise: "Especialidad",
    mentoring: "Mentoría",
    acceptingMentees: (free, capacity) => `Acepta mentorizados: ${free} de ${capacity} plazas libres`,
    notAcceptingMentees: "No acepta mentorizados por ahora",
    notAMentor: "No es mentor",
    upcomingEvents: "Próximos eventos",
    noEvents: "No hay próximos eventos.",
    online: "En línea",
    addToCalendar: "Añadir al calendario",
    loading: "Cargando…",
    unreachable: "No se puede acceder al directorio de copnet desde este sitio. Si administra este sitio, registre su dirección en copnet y use una clave publicable.",
    failed: (message) => `El directorio no pudo responder: ${message}`,
    careerStages: { STUDENT: "Estudiante", TRAINEE: "Residente", EARLY_CAREER: "Inicio de carrera", MID_CAREER: "Mitad de carrera", SENIOR: "Sénior" },
    professions: { PHYSICIAN: "Médico/a", NURSE: "Enfermero/a", PHARMACIST: "Farmacéutico/a", ALLIED_HEALTH: "Profesional sanitario/a", RESEARCHER: "Investigador/a", EDUCATOR: "Docente", OTHER: "Otra" },
    eventKinds: { WEBINAR: "Seminario web", WORKSHOP: "Taller", CONFERENCE_SESSION: "Sesión de congreso", SPEED_MENTORING: "Mentoría rápida", CAREER_LUNCH: "Almuerzo profesional", JOURNAL_CLUB: "Club de revistas", CASE_DISCUSSION: "Discusión de casos" },
  },
  pt: {
    language: "Idioma",
    directory: "Diretório de membros",
    search: "Pesquisar por nome ou especialidade",
    anyCountry: "Todos os países",
    anyStage: "Todas as fases da carreira",
    anyProfession: "Todas as profissões",
    results: (count) => `${count} membro${count === 1 ? "" : "s"}`,
    noResults: "Nenhum membro corresponde.",
    previous: "Anterior",
    next: "Seguinte",
    page: (page) => `Página ${page}`,
    close: "Fechar",
    society: "Sociedade",
    languages: "Idiomas",
    expertise: "Especialidade",
    mentoring: "Mentoria",
    acceptingMentees: (free, capacity) => `Aceita mentorandos: ${free} de ${capacity} vagas livres`,
    notAcceptingMentees: "Não aceita mentorandos de momento",
    notAMentor: "Não é mentor",
    upcomingEvents: "Próximos eventos",
    noEvents: "Não há próximos eventos.",
    online: "Online",
    addToCalendar: "Adicionar ao calendário",
    loading: "A carregar…",
    unreachable: "O diretório copnet não está acessível a partir deste site. Se gere este site, registe o seu endereço no copnet e use uma chave publicável.",
    failed: (message) => `O diretório não conseguiu responder: ${message}`,
    careerStages: { STUDENT: "Estudante", TRAINEE: "Interno/a", EARLY_CAREER: "Início de carreira", MID_CAREER: "Meio de carreira", SENIOR: "Sénior" },
    professions: { PHYSICIAN: "Médico/a", NURSE: "Enfermeiro/a", PHARMACIST: "Farmacêutico/a", ALLIED_HEALTH: "Profissional de saúde aliado/a", RESEARCHER: "Investigador/a", EDUCATOR: "Educador/a", OTHER: "Outra" },
    eventKinds: { WEBINAR: "Webinar", WORKSHOP: "Workshop", CONFERENCE_SESSION: "Sessão de congresso", SPEED_MENTORING: "Mentoria rápida", CAREER_LUNCH: "Almoço de carreira", JOURNAL_CLUB: "Clube de revista", CASE_DISCUSSION: "Discussão de casos" },
  },
};

/** The page's language if the widget speaks it, else English. */
export function languageOf(tag: string | null): Language {
  const primary = (tag ?? "").toLowerCase().split("-")[0];
  return (LANGUAGES as readonly string[]).includes(primary ?? "") ? (primary as Language) : "en";
}
