/**
 * Operations researchers start from; the explorer opens each in a tab. Shared with the browser test,
 * which runs the first one.
 */
export const EXAMPLE_OPERATIONS = [
  `# Research-consented members by country, rounded to multiples of 5 by cell key random rounding.
query DirectoryByCountry {
  directoryStats(groupBy: [COUNTRY]) {
    method
    threshold
    total
    cells { country count }
  }
}`,
  `# Mentoring pairs, with each side's society: are pairs crossing societies?
query MentoringPairsAcrossSocieties {
  members(first: 50, filter: { careerStage: SENIOR }) {
    edges {
      node {
        displayName
        society { slug }
        mentees { status mentee { society { slug } country } }
      }
    }
  }
}`,
  `# What each society's members publish: works by kind and year, prizes, co-authors' countries.
query ScholarlyOutputPerSociety {
  societies {
    name
    memberCount
    scholarlyOutput {
      works
      prizes
      byKind { kind works }
      coAuthors { countryCount }
    }
  }
}`,
  `# Events, their attendance, and CPD credits earned per month.
query EventAttendanceAndCpd {
  events(first: 20) {
    edges { node { title kind startsAt registeredCount cpdCredits } }
  }
  attendanceTimeSeries { month count }
}`,
];
