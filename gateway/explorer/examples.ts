/**
 * Operations researchers start from; the explorer opens each in a tab. The first, open on arrival, runs
 * without a key and says where one goes. Shared with the browser test, which runs the first two.
 */
export const EXAMPLE_OPERATIONS = [
  `# Welcome to copnet. This query runs without a key: anonymous callers see the members who
# consented to be listed. Statistics (the next tabs) need a researcher key, and a society's
# private fields its own key: open "Headers" below and enter
#   { "authorization": "Bearer <your key>" }
query DirectoryFirstPage {
  members(first: 5, filter: { q: "muller" }) {
    totalCount
    edges { node { displayName country careerStage society { name } } }
  }
}`,
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
