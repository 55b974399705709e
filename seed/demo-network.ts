import { allFakers, Faker, en } from "@faker-js/faker";
import { CareerStage } from "../lib/career-stage.js";
import { SocietyStage } from "../lib/society-stage.js";
import { Profession } from "../subgraphs/members/member/member.entity.js";
import { MembershipRole, MembershipStatus } from "../subgraphs/members/member/membership.entity.js";
import { SocietyKind } from "../subgraphs/members/society/society.entity.js";
import { MentoringFormat } from "../subgraphs/mentorship/program/mentoring-program.entity.js";
import { MeetingMode } from "../subgraphs/mentorship/profile/mentor-profile.entity.js";
import { MentorshipStatus } from "../subgraphs/mentorship/relation/mentorship-relation.entity.js";
import { EventKind } from "../subgraphs/events/event/event.entity.js";
import { RegistrationStatus } from "../subgraphs/events/registration/registration.entity.js";
import { OpportunityKind } from "../subgraphs/scholarship/opportunity/opportunity.entity.js";
import { CreditRole } from "../subgraphs/scholarship/work/contribution.entity.js";
import { WorkKind } from "../subgraphs/scholarship/work/work.entity.js";

/**
 * The demo network, generated deterministically (fixed seed, fixed reference date): four fictional
 * societies modelled on real kinds of community, their members in 16 countries, and what they do
 * together. Each subgraph's seed inserts its own slice; ids tie the slices together as federation does.
 */
export const SEED = 20261123;
const REFERENCE_DATE = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

export const DEMO_SOCIETIES = [
  { id: "5d1c0a4e-0000-4000-8000-000000000001", slug: "hoecop", name: "Haematology & Oncology Educators Community of Practice", kind: SocietyKind.COMMUNITY_OF_PRACTICE, stage: SocietyStage.GROW, foundedOn: "2016-03-01", country: "GB", website: "https://hoecop.example.org", ror: null },
  { id: "5d1c0a4e-0000-4000-8000-000000000002", slug: "htcn", name: "Haematology Trainee Career Network", kind: SocietyKind.TRAINEE_NETWORK, stage: SocietyStage.ESTABLISH, foundedOn: "2021-09-15", country: "IE", website: "https://htcn.example.org", ror: null },
  { id: "5d1c0a4e-0000-4000-8000-000000000003", slug: "vicrmg", name: "Virtual International Cardiovascular Research Mentoring Group", kind: SocietyKind.RESEARCH_GROUP, stage: SocietyStage.SUSTAIN, foundedOn: "2014-05-20", country: "CA", website: "https://vicrmg.example.org", ror: null },
  { id: "5d1c0a4e-0000-4000-8000-000000000004", slug: "ahea", name: "Allied Health Education Academy", kind: SocietyKind.ACADEMY, stage: SocietyStage.GROW, foundedOn: "2019-02-11", country: "AU", website: "https://ahea.example.org", ror: null },
] as const;

const [HOECOP, HTCN, VICRMG, AHEA] = DEMO_SOCIETIES.map((society) => society.id) as [string, string, string, string];

// Country, faker locale, IANA zone, languages, a real institution with its ROR id.
const COUNTRIES = [
  ["GB", "en_GB", "Europe/London", ["en"], "University College London", "https://ror.org/02jx3x895"],
  ["IE", "en_IE", "Europe/Dublin", ["en", "ga"], "Trinity College Dublin", "https://ror.org/02tyrky19"],
  ["US", "en_US", "America/New_York", ["en", "es"], "Harvard University", "https://ror.org/03vek6s52"],
  ["CA", "fr_CA", "America/Toronto", ["en", "fr"], "McGill University", "https://ror.org/01pxwe438"],
  ["AU", "en_AU", "Australia/Sydney", ["en"], "University of Sydney", "https://ror.org/0384j8v12"],
  ["DE", "de", "Europe/Berlin", ["de", "en"], "Charité – Universitätsmedizin Berlin", "https://ror.org/001w7jn25"],
  ["FR", "fr", "Europe/Paris", ["fr", "en"], "Université Paris Cité", "https://ror.org/05f82e368"],
  ["ES", "es", "Europe/Madrid", ["es", "en"], "Universidad de Barcelona", "https://ror.org/021018s57"],
  ["PT", "pt_PT", "Europe/Lisbon", ["pt", "en"], "Universidade de Lisboa", "https://ror.org/01c27hj86"],
  ["BR", "pt_BR", "America/Sao_Paulo", ["pt-BR", "es"], "Universidade de São Paulo", "https://ror.org/036rp1748"],
  ["IT", "it", "Europe/Rome", ["it", "en"], "Università di Bologna", "https://ror.org/01111rn36"],
  ["NL", "nl", "Europe/Amsterdam", ["nl", "en"], "Universiteit van Amsterdam", "https://ror.org/04dkp9463"],
  ["SE", "sv", "Europe/Stockholm", ["sv", "en"], "Karolinska Institutet", "https://ror.org/056d84691"],
  ["PL", "pl", "Europe/Warsaw", ["pl", "en"], "Jagiellonian University", "https://ror.org/03bqmcz70"],
  ["IN", "en_IN", "Asia/Kolkata", ["en", "hi"], "All India Institute of Medical Sciences", "https://ror.org/02dwcqs71"],
  ["MX", "es_MX", "America/Mexico_City", ["es"], "Universidad Nacional Autónoma de México", "https://ror.org/01tmp8f25"],
] as const;

const EXPERTISE = [
  "Haemostasis", "Thrombosis", "Leukaemia", "Lymphoma", "Myeloma", "Transfusion medicine", "Paediatric oncology",
  "Heart failure", "Cardio-oncology", "Interventional cardiology", "Medical education", "Simulation-based learning",
  "Assessment", "Curriculum design", "Physiotherapy", "Occupational therapy", "Clinical pharmacy", "Palliative care",
  "Research methods", "Global health",
];

export interface DemoNetwork {
  societies: typeof DEMO_SOCIETIES;
  members: Record<string, unknown>[];
  memberships: Record<string, unknown>[];
  programs: Record<string, unknown>[];
  mentorProfiles: Record<string, unknown>[];
  relations: Record<string, unknown>[];
  works: Record<string, unknown>[];
  contributions: Record<string, unknown>[];
  awards: Record<string, unknown>[];
  opportunities: Record<string, unknown>[];
  events: Record<string, unknown>[];
  registrations: Record<string, unknown>[];
  communities: Record<string, unknown>[];
  stageChanges: Record<string, unknown>[];
  communityMemberships: Record<string, unknown>[];
  /** Recurring series; the events subgraph's seed derives their occurrences. */
  eventSeries: Record<string, unknown>[];
}

/** A valid ORCID iD made of 15 random digits and its MOD 11-2 check digit. */
export function makeOrcid(faker: Faker): string {
  const digits = faker.string.numeric({ length: 15, allowLeadingZeros: true });
  let total = 0;
  for (const digit of digits) total = (total + Number(digit)) * 2;
  const remainder = (12 - (total % 11)) % 11;
  const all = digits + (remainder === 10 ? "X" : String(remainder));
  return `${all.slice(0, 4)}-${all.slice(4, 8)}-${all.slice(8, 12)}-${all.slice(12)}`;
}

/** A name as the ASCII local part of a demo e-mail address: "Ní Bhriain" → "nibhriain". */
function emailPart(name: string): string {
  return name.normalize("NFD").replace(/[^A-Za-z]/g, "").toLowerCase() || "member";
}

/** The named members the README's first query and the search examples rely on. */
const FEATURED = [
  { givenName: "José", familyName: "Álvarez", country: "ES" },
  { givenName: "Jürgen", familyName: "Müller", country: "DE" },
  { givenName: "Aoife", familyName: "Ní Bhriain", country: "IE" },
];

export function buildDemoNetwork(memberCount = 320): DemoNetwork {
  const faker = new Faker({ locale: [en], seed: SEED });
  const localFakers = new Map(COUNTRIES.map(([code, locale]) => [code, new Faker({ locale: allFakers[locale].rawDefinitions, seed: SEED })]));
  const day = (offset: number) => new Date(REFERENCE_DATE + offset * DAY);
  const network: DemoNetwork = { societies: DEMO_SOCIETIES, members: [], memberships: [], programs: [], mentorProfiles: [], relations: [], works: [], contributions: [], awards: [], opportunities: [], events: [], registrations: [], communities: [], stageChanges: [], communityMemberships: [], eventSeries: [] };
  const orcids = new Set<string>();

  // Members: the research group has about a fifth of them, spread over 14 countries; the rest spread over all 16.
  const stages = Object.values(CareerStage);
  for (let index = 0; index < memberCount; index++) {
    const featured = FEATURED[index];
    const home = index % 5 === 2 ? VICRMG : [HOECOP, HTCN, AHEA][index % 3]!;
    const country = featured
      ? COUNTRIES.find(([code]) => code === featured.country)!
      : COUNTRIES[home === VICRMG ? index % 14 : faker.number.int({ min: 0, max: COUNTRIES.length - 1 })]!;
    const [code, , zone, languages, institution, ror] = country;
    const local = localFakers.get(code)!;
    const givenName = featured?.givenName ?? local.person.firstName();
    const familyName = featured?.familyName ?? local.person.lastName();
    const careerStage = home === HTCN ? faker.helpers.arrayElement([CareerStage.STUDENT, CareerStage.TRAINEE, CareerStage.EARLY_CAREER]) : faker.helpers.arrayElement(stages);
    let orcid: string | null = null;
    if (faker.number.float() < 0.8) {
      do orcid = makeOrcid(faker);
      while (orcids.has(orcid));
      orcids.add(orcid);
    }
    const id = faker.string.uuid();
    const joined = day(-faker.number.int({ min: 30, max: 3000 }));
    network.members.push({
      id, societyId: home, displayName: `${givenName} ${familyName}`, givenName, familyName, orcid,
      country: code, languages: [...languages], timezone: zone, careerStage,
      professions: faker.helpers.arrayElements(Object.values(Profession), { min: 1, max: 2 }),
      expertise: faker.helpers.arrayElements(EXPERTISE, { min: 1, max: 4 }),
      affiliations: [{ institution, ror, country: code, role: faker.person.jobTitle() }],
      createdAt: joined, updatedAt: joined,
      // Consent and contact data follow the index (not the random stream), so the rest of the network stays as it was.
      email: `${emailPart(givenName)}.${emailPart(familyName)}.${index + 1}@${DEMO_SOCIETIES.find((society) => society.id === home)!.slug}.example.org`,
      contactPreferences: { email: true, mentoringRequests: index % 3 !== 0, eventAnnouncements: index % 2 === 0 },
      listed: featured !== undefined || index % 10 !== 9,
      researchConsent: featured !== undefined || index % 4 !== 3,
      consentUpdatedAt: joined,
    });
    network.memberships.push({ id: faker.string.uuid(), memberId: id, societyId: home, since: joined.toISOString().slice(0, 10), role: MembershipRole.MEMBER, status: MembershipStatus.ACTIVE });
    if (index % 7 === 0) {
      const other = [HOECOP, HTCN, VICRMG, AHEA].find((society) => society !== home && faker.datatype.boolean()) ?? HOECOP;
      if (other !== home) network.memberships.push({ id: faker.string.uuid(), memberId: id, societyId: other, since: day(-faker.number.int({ min: 1, max: 900 })).toISOString().slice(0, 10), role: faker.helpers.arrayElement(Object.values(MembershipRole)), status: MembershipStatus.ACTIVE });
    }
  }

  // Mentoring: programmes of each format, profiles for senior members, relations across societies.
  const programs: [string, string, MentoringFormat, string][] = [
    [HTCN, "Speed mentoring at the annual meeting", MentoringFormat.SPEED, "Ten-minute conversations with consultants about training pathways."],
    [HTCN, "Career mentoring for haematology trainees", MentoringFormat.ONE_TO_ONE, "A year-long pairing with a consultant outside your own hospital."],
    [VICRMG, "Research mentoring circle", MentoringFormat.ONE_TO_ONE, "Pairs early-career researchers with senior investigators in another country."],
    [HOECOP, "Educators' peer mentoring", MentoringFormat.PEER, "Peer pairs who observe each other's teaching."],
    [AHEA, "Allied health group mentoring", MentoringFormat.GROUP, "Monthly small-group mentoring for new clinical educators."],
  ];
  for (const [societyId, name, format, description] of programs) {
    // The research circle pairs across countries, the trainee network's career scheme across societies.
    network.programs.push({ id: faker.string.uuid(), societyId, name, format, description, open: format !== MentoringFormat.GROUP, prefersCrossCountry: societyId === VICRMG, prefersCrossSociety: societyId === HTCN && format === MentoringFormat.ONE_TO_ONE });
  }
  const seniors = network.members.filter((member) => member.careerStage === CareerStage.SENIOR || member.careerStage === CareerStage.MID_CAREER);
  const juniors = network.members.filter((member) => member.careerStage !== CareerStage.SENIOR && member.careerStage !== CareerStage.MID_CAREER);
  for (const mentor of seniors.filter((_, index) => index % 2 === 0)) {
    network.mentorProfiles.push({
      memberId: mentor.id, acceptingMentees: faker.number.float() < 0.85, capacity: faker.number.int({ min: 1, max: 5 }), topics: mentor.expertise, languages: mentor.languages,
      // The mentor's own copy of what matching ranks on, as their society would fill it in from the member record.
      societyId: mentor.societyId, country: mentor.country, timezone: mentor.timezone, careerStage: mentor.careerStage,
      meetingModes: [MeetingMode.VIDEO, ...((mentor.expertise as string[]).length % 2 === 0 ? [MeetingMode.IN_PERSON] : [])], activeMentees: 0, updatedAt: mentor.createdAt,
    });
  }
  for (const [index, mentee] of juniors.entries()) {
    if (index % 3 !== 0) continue;
    const profile = network.mentorProfiles[index % network.mentorProfiles.length]!;
    const drawn = faker.helpers.arrayElement([MentorshipStatus.ACTIVE, MentorshipStatus.ACTIVE, MentorshipStatus.PROPOSED, MentorshipStatus.COMPLETED]);
    // A mentor never has more active mentees than places: a pairing that would overfill stays proposed.
    const full = (profile.activeMentees as number) >= (profile.capacity as number);
    const status = drawn === MentorshipStatus.ACTIVE && full ? MentorshipStatus.PROPOSED : drawn;
    if (status === MentorshipStatus.ACTIVE) profile.activeMentees = (profile.activeMentees as number) + 1;
    const created = day(-faker.number.int({ min: 10, max: 700 }));
    network.relations.push({
      id: faker.string.uuid(), mentorId: profile.memberId, menteeId: mentee.id, programId: network.programs[index % network.programs.length]!.id,
      status, startedAt: status === MentorshipStatus.PROPOSED ? null : created, endedAt: status === MentorshipStatus.COMPLETED ? day(-5) : null,
      goals: faker.helpers.arrayElement(["Prepare a first-author paper", "Plan a fellowship application", "Develop teaching skills", "Navigate specialty training"]),
      createdAt: created, proposedBySocietyId: mentee.societyId,
    });
  }

  // Scholarship: 100+ papers and 13 prizes for the research group, resources from the others.
  const researchers = network.members.filter((member) => member.societyId === VICRMG);
  const kinds = [WorkKind.ARTICLE, WorkKind.ARTICLE, WorkKind.ARTICLE, WorkKind.REVIEW, WorkKind.ABSTRACT, WorkKind.POSTER];
  for (let index = 0; index < 110; index++) {
    const year = 2015 + (index % 11);
    const id = faker.string.uuid();
    network.works.push({ id, doi: `10.5555/vicrmg.${year}.${String(index + 1).padStart(3, "0")}`, title: `${faker.helpers.arrayElement(["Outcomes of", "Mentoring and", "A cohort study of", "Sex differences in", "Education in"])} ${faker.helpers.arrayElement(EXPERTISE).toLowerCase()} ${faker.helpers.arrayElement(["across 14 countries", "in early-career cardiologists", "after virtual mentoring", "in low- and middle-income countries"])}`, kind: kinds[index % kinds.length], publishedOn: `${year}-${String(1 + (index % 12)).padStart(2, "0")}-15`, venue: faker.helpers.arrayElement(["Circulation", "European Heart Journal", "Medical Teacher", "BMJ Open", "JACC"]), url: null, societyId: VICRMG });
    faker.helpers.arrayElements(researchers, { min: 1, max: 5 }).forEach((member, position) => {
      network.contributions.push({ id: faker.string.uuid(), workId: id, memberId: member.id, roles: faker.helpers.arrayElements(Object.values(CreditRole), { min: 1, max: 3 }), position: position + 1 });
    });
  }
  const resources: [string, WorkKind, string][] = [
    [AHEA, WorkKind.CASE_STUDY, "Case study: interprofessional discharge planning"],
    [AHEA, WorkKind.TOOLKIT, "Toolkit for new clinical educators in allied health"],
    [AHEA, WorkKind.WEBINAR_RECORDING, "Webinar recording: feedback conversations that work"],
    [HOECOP, WorkKind.TOOLKIT, "Teaching haemostasis with simulation: a facilitator's toolkit"],
    [HOECOP, WorkKind.DATASET, "Dataset: haematology curriculum mapping across Europe"],
  ];
  for (const [index, [societyId, kind, title]] of resources.entries()) {
    const id = faker.string.uuid();
    network.works.push({ id, doi: null, title, kind, publishedOn: day(-40 * (index + 1)).toISOString().slice(0, 10), venue: null, url: `https://${societyId === AHEA ? "ahea" : "hoecop"}.example.org/resources/${index + 1}`, societyId });
    network.contributions.push({ id: faker.string.uuid(), workId: id, memberId: network.members.find((member) => member.societyId === societyId)!.id, roles: [CreditRole.WRITING_ORIGINAL_DRAFT], position: 1 });
  }
  for (let index = 0; index < 13; index++) {
    network.awards.push({ id: faker.string.uuid(), name: faker.helpers.arrayElement(["Young Investigator Award", "Best Abstract Prize", "Mentor of the Year", "Outstanding Paper Award"]), year: 2016 + (index % 10), memberId: researchers[(index * 3) % researchers.length]!.id, societyId: VICRMG });
  }
  const opportunities: [string, OpportunityKind, string, number][] = [
    [VICRMG, OpportunityKind.CALL_FOR_ABSTRACTS, "Call for abstracts: annual virtual research day", 400],
    [VICRMG, OpportunityKind.FELLOWSHIP, "International faculty-development fellowship", 500],
    [HOECOP, OpportunityKind.GRANT, "Small grants for education research", 450],
    [AHEA, OpportunityKind.AWARD_NOMINATION, "Nominations: allied health educator of the year", 380],
    [HTCN, OpportunityKind.PEER_REVIEW, "Peer reviewers wanted for the trainee journal club", 600],
    [VICRMG, OpportunityKind.GRANT, "Seed grants for cross-country projects (closed)", -30],
  ];
  for (const [societyId, kind, title, offset] of opportunities) {
    network.opportunities.push({ id: faker.string.uuid(), kind, title, societyId, deadline: day(offset), url: null, eligibility: "Members of any copnet society." });
  }

  // Events: monthly webinars of the academy, speed mentoring and career lunches, journal clubs.
  const eventPlan: [string, EventKind, string][] = [
    ...Array.from({ length: 24 }, (_, month) => [AHEA, EventKind.WEBINAR, `Monthly webinar ${month + 1}: teaching in clinical practice`] as [string, EventKind, string]),
    [HTCN, EventKind.SPEED_MENTORING, "Speed mentoring evening"], [HTCN, EventKind.CAREER_LUNCH, "Career lunch: choosing a subspecialty"],
    [HOECOP, EventKind.WORKSHOP, "Workshop: simulation for haemostasis teaching"], [HOECOP, EventKind.JOURNAL_CLUB, "Journal club: bleeding risk scores"],
    [AHEA, EventKind.CASE_DISCUSSION, "Case discussion: falls in older adults"], [VICRMG, EventKind.CONFERENCE_SESSION, "Research day: plenary session"],
  ];
  for (const [index, [societyId, kind, title]] of eventPlan.entries()) {
    const startsAt = day(-360 + index * 30 + 0.5);
    const id = faker.string.uuid();
    network.events.push({ id, societyId, title, kind, startsAt, endsAt: new Date(startsAt.getTime() + 90 * 60_000), timezone: "Australia/Sydney", online: kind === EventKind.WEBINAR, venue: kind === EventKind.WEBINAR ? null : "Main lecture theatre", capacity: 40, cpdCredits: 1.5 });
    const past = startsAt.getTime() < REFERENCE_DATE;
    faker.helpers.arrayElements(network.members, { min: 5, max: 30 }).forEach((member, position) => {
      network.registrations.push({ id: faker.string.uuid(), eventId: id, memberId: member.id, status: past ? RegistrationStatus.ATTENDED : RegistrationStatus.CONFIRMED, registeredAt: new Date(startsAt.getTime() - (30 - position) * DAY) });
    });
  }
  addCommunities(network, faker, day);
  return network;
}

/** A community of the demo network: owner, stage history (dates of entering each stage) and who is in it. */
interface CommunityPlan {
  owner: string;
  name: string;
  purpose: string;
  topics: string[];
  stages: [SocietyStage, number][];
  members: Record<string, unknown>[];
  /** Events and works of the network that belong to the community. */
  events?: (event: Record<string, unknown>) => boolean;
  works?: (work: Record<string, unknown>) => boolean;
  /** Toolkits and case studies the community publishes in the resource library. */
  resources?: [WorkKind, string, string][];
  /** Title of the community's monthly webinar series. */
  series?: string;
}

/**
 * Communities from the seeds: the academy's special-interest groups per discipline, the international research
 * mentoring group (63 members in 14 countries, whose works and prizes are the research group's) and a
 * haematology education group across the community of practice and the trainee network. Drawn after
 * everything else, so the rest of the network stays as it was.
 */
function addCommunities(network: DemoNetwork, faker: Faker, day: (offset: number) => Date): void {
  const of = (society: string) => network.members.filter((member) => member.societyId === society);
  const withExpertise = (members: Record<string, unknown>[], topic: string) => members.filter((member) => (member.expertise as string[]).includes(topic));
  const plans: CommunityPlan[] = [
    ...(["Physiotherapy", "Occupational therapy", "Clinical pharmacy"] as const).map((topic, index) => ({
      owner: AHEA,
      name: `Allied Health ${topic} Special Interest Group`,
      purpose: `Educators in ${topic.toLowerCase()} share case studies, communication toolkits and teaching practice across services.`,
      topics: [topic, "Medical education"],
      stages: [[SocietyStage.ESTABLISH, -900 + index * 60], [SocietyStage.GROW, -400 + index * 60]] as [SocietyStage, number][],
      members: [...of(AHEA).slice(index * 12, index * 12 + 12), ...withExpertise(of(HOECOP), topic).slice(0, 3)],
      ...(index === 0
        ? {
            series: "Allied Health monthly webinar: teaching in clinical practice",
            events: (event: Record<string, unknown>) => event.kind === EventKind.CASE_DISCUSSION,
            works: (work: Record<string, unknown>) => work.societyId === AHEA,
          }
        : {}),
      resources: [
        [WorkKind.CASE_STUDY, `Case study: ${topic.toLowerCase()} students on a rural placement`, "CC-BY-4.0"],
        [WorkKind.TOOLKIT, `Communication toolkit for ${topic.toLowerCase()} educators`, "CC-BY-SA-4.0"],
      ] as [WorkKind, string, string][],
    })),
    {
      owner: VICRMG,
      name: "International Research Mentoring Group",
      purpose: "Pairs early-career cardiovascular researchers with senior investigators in other countries; 100+ papers and 13 prizes so far.",
      topics: ["Research methods", "Cardio-oncology", "Global health"],
      stages: [[SocietyStage.ESTABLISH, -4200], [SocietyStage.GROW, -3100], [SocietyStage.SUSTAIN, -1800]],
      members: of(VICRMG).slice(0, 63),
      events: (event) => event.societyId === VICRMG,
      // The group's papers: the research group's works (its prizes are its members' awards).
      works: (work) => work.societyId === VICRMG,
    },
    {
      owner: HOECOP,
      name: "Haematology Education Across Borders",
      purpose: "Consultants and trainees design haematology teaching together, from simulation to journal clubs.",
      topics: ["Haemostasis", "Simulation-based learning"],
      stages: [[SocietyStage.ESTABLISH, -200]],
      members: [...of(HOECOP).slice(0, 10), ...of(HTCN).slice(0, 10)],
      events: (event) => event.kind === EventKind.JOURNAL_CLUB || event.kind === EventKind.WORKSHOP,
      works: (work) => work.societyId === HOECOP,
      resources: [[WorkKind.CASE_STUDY, "Case study: a bleeding patient on the acute take, taught in simulation", "CC-BY-NC-4.0"]],
    },
  ];
  for (const plan of plans) {
    const id = faker.string.uuid();
    const founded = day(plan.stages[0]![1]);
    const societyIds = [...new Set([plan.owner, ...plan.members.map((member) => member.societyId as string)])];
    network.communities.push({
      id, slug: plan.name.toLowerCase().replace(/[^a-z0-9]+/g, "-"), name: plan.name, purpose: plan.purpose, topics: plan.topics,
      stage: plan.stages.at(-1)![0], ownerSocietyId: plan.owner, societyIds, createdAt: founded,
    });
    for (const [stage, offset] of plan.stages) network.stageChanges.push({ id: faker.string.uuid(), communityId: id, stage, since: day(offset) });
    for (const event of network.events.filter(plan.events ?? (() => false))) event.communityId = id;
    for (const work of network.works.filter(plan.works ?? (() => false))) work.communityId = id;
    for (const [index, [kind, title, licence]] of (plan.resources ?? []).entries()) {
      network.works.push({
        id: faker.string.uuid(), doi: null, title, kind, publishedOn: day(plan.stages[0]![1] + 30 * (index + 1)).toISOString().slice(0, 10), venue: null,
        url: `https://${DEMO_SOCIETIES.find((society) => society.id === plan.owner)!.slug}.example.org/library/${faker.string.alphanumeric(8).toLowerCase()}`,
        societyId: plan.owner, communityId: id, topics: plan.topics, licence, access: index === 0 ? "OPEN" : "MEMBERS",
        abstract: `${plan.purpose} This ${kind === WorkKind.TOOLKIT ? "toolkit" : "case study"} is shared by the ${plan.name}.`,
        audienceProfessions: plan.owner === AHEA ? [Profession.ALLIED_HEALTH, Profession.EDUCATOR] : [], audienceCareerStages: [],
      });
    }
    if (plan.series) {
      network.eventSeries.push({
        id: faker.string.uuid(), societyId: plan.owner, communityId: id, title: plan.series, kind: EventKind.WEBINAR,
        // The first Wednesday of every month at 18:00 in Sydney, whether daylight saving is on or not.
        recurrence: "FREQ=MONTHLY;BYDAY=+1WE", timezone: "Australia/Sydney", firstStartsAt: new Date("2026-02-04T07:00:00Z"),
        durationMinutes: 60, online: true, venue: null, capacity: 100, cpdCredits: 1,
      });
    }
    plan.members.forEach((member, index) => {
      network.communityMemberships.push({
        id: faker.string.uuid(), communityId: id, memberId: member.id, societyId: member.societyId,
        // The first member of the owning society leads, as does the first of each other society.
        role: plan.members.findIndex((other) => other.societyId === member.societyId) === index ? "LEAD" : "MEMBER",
        joinedAt: day(plan.stages[0]![1] + index),
      });
    });
  }
}
