import type { FaultName } from '../faults';
import { SeededRandom } from './random';
import type {
  CertificateRecord,
  EnrollmentRecord,
  ExtraCategoryRecord,
  ExtraCategoryValueRecord,
  GroupRecord,
  OfferEventRecord,
  OfferRecord,
  PortfolioItemRecord,
  PortfolioReportRecord,
  TrainingRecord,
  UserRecord,
} from './records';

export interface SeedOptions {
  seed: number;
  users: number;
  faults: ReadonlySet<FaultName>;
}

export interface SeededData {
  users: UserRecord[];
  trainings: TrainingRecord[];
  groups: GroupRecord[];
  offers: OfferRecord[];
  offerEvents: OfferEventRecord[];
  enrollments: EnrollmentRecord[];
  certificates: CertificateRecord[];
  portfolioReport: PortfolioReportRecord[];
  portfolioItems: PortfolioItemRecord[];
  extraCategories: ExtraCategoryRecord[];
  /** Extra-category values by the id of the object they belong to. */
  extraCategoryValues: Map<string, ExtraCategoryValueRecord[]>;
}

const FIRST = [
  'Anna',
  'Bram',
  'Chloé',
  'Daan',
  'Eva',
  'Fenna',
  'Guus',
  'Hanna',
  'Ilse',
  'Jens',
  'Kim',
  'Lars',
  'Mila',
  'Noah',
  'Olga',
  'Pim',
  'Quinten',
  'Roos',
  'Sem',
  'Tess',
  'Umar',
  'Vera',
  'Wout',
  'Xena',
  'Yara',
  'Zeger',
];
const LAST = [
  'de Vries',
  'Jansen',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Dijk',
  'Dekker',
  'Brouwer',
  'Müller',
  'Schmidt',
  'Öztürk',
  'Kowalski',
];
const DEPARTMENTS = ['Sales', 'Marketing', 'Finance', 'HR', 'Operations', 'IT', 'Care', 'Logistics'];
const TOPICS = [
  'Onboarding',
  'Safety basics',
  'Customer care',
  'Leadership',
  'GDPR essentials',
  'First aid',
  'Excel advanced',
  'Feedback skills',
  'Time management',
  'Sales pitch',
  'Hygiene',
  'Forklift licence',
];
const OFFER_EVENT_TYPES = ['MEETING', 'WEBINAR', 'TRAINING', 'ELEARNING', 'COURSE'];
const ENROLLMENT_STATUSES = ['ENROLLED', 'ENROLLED', 'ENROLLED', 'WAITLISTED', 'CANCELLED', 'DECLINED'];
const EPOCH = '2023-01-01T08:00:00Z';

export const SEED_COUNTS = { trainings: 64, groups: 23, offers: 9, certificates: 57, portfolioReport: 173, extraCategories: 6 } as const;
/** The organisation SEED_COUNTS describe; a larger one has proportionally more of every connection. */
export const BASE_USERS = 137;

/** How many of each paginated kind an organisation of `users` users has: never fewer than the base. */
export function scaledCounts(users: number): { trainings: number; groups: number; certificates: number; portfolioReport: number } {
  const scale = Math.max(1, users / BASE_USERS);
  const scaled = (n: number) => Math.round(n * scale);
  return {
    trainings: scaled(SEED_COUNTS.trainings),
    groups: scaled(SEED_COUNTS.groups),
    certificates: scaled(SEED_COUNTS.certificates),
    portfolioReport: scaled(SEED_COUNTS.portfolioReport),
  };
}

/** Build the sandbox's data from a seed. Faults that corrupt data are applied here, once. */
export function seedData({ seed, users: userCount, faults }: SeedOptions): SeededData {
  const random = new SeededRandom(seed);
  const counts = scaledCounts(userCount);
  const users = Array.from({ length: userCount }, (_, i) => makeUser(random, i, faults));
  const languageFault = faults.has('enum-value-removed');
  if (languageFault) for (const user of users) if (user.language === 'DE') user.language = 'EN';

  const trainings = Array.from({ length: counts.trainings }, (_, i): TrainingRecord => {
    const start = random.dateTime(EPOCH, 700).slice(0, 10);
    return {
      id: random.uuid(),
      ref: `training-${pad(i + 1, 3)}`,
      title: `${TOPICS[i % TOPICS.length]} ${Math.floor(i / TOPICS.length) + 1}`,
      subtitle: random.chance(0.7) ? 'A learning journey' : null,
      introduction: random.chance(0.5) ? 'Welcome! This journey takes about two weeks.' : null,
      isActive: i % 7 !== 6,
      archived: i % 11 === 10,
      startDate: random.chance(0.8) ? start : null,
      endDate: random.chance(0.5) ? addDays(start, 30) : null,
      estimatedTimeSpent: random.chance(0.6) ? `${random.int(1, 12)}h` : null,
      showParticipants: random.chance(0.5),
      showSharedFiles: random.chance(0.5),
      enableChat: random.chance(0.5),
      extraFields: JSON.stringify({ Level: random.pick(['Basic', 'Advanced']) }),
      modules: Array.from({ length: random.int(1, 4) }, (_, m) => ({ id: random.uuid(), title: `Module ${m + 1}` })),
      participantIndexes: random.sample(random.int(3, Math.min(80, userCount)), userCount),
      trainerIndexes: random.sample(random.int(0, 2), userCount),
    };
  });

  const groups = Array.from(
    { length: counts.groups },
    (_, i): GroupRecord => ({
      id: random.uuid(),
      ref: `group-${pad(i + 1, 2)}`,
      name: `${DEPARTMENTS[i % DEPARTMENTS.length]} ${i < DEPARTMENTS.length ? 'team' : `cohort ${i}`}`,
      maxUsers: random.pick([0, 25, 50, 100]),
      enableChat: random.chance(0.5),
      isEditable: i % 5 !== 0,
      permissions: JSON.stringify({ canManageMembers: i % 3 === 0 }),
      memberIndexes: random.sample(random.int(0, Math.min(75, userCount)), userCount),
      managerIndexes: random.sample(random.int(0, 2), userCount),
      trainingIds: random.sample(random.int(0, 3), trainings.length).map((t) => trainings[t]!.id),
    }),
  );

  const certificates = Array.from(
    { length: counts.certificates },
    (_, i): CertificateRecord => ({
      id: random.uuid(),
      name: `certificate-${pad(i + 1, 2)}`,
      title: `Certificate of ${TOPICS[i % TOPICS.length]}${i >= TOPICS.length ? ` (${Math.floor(i / TOPICS.length) + 1})` : ''}`,
    }),
  );

  const offers: OfferRecord[] = [];
  const offerEvents: OfferEventRecord[] = [];
  const enrollments: EnrollmentRecord[] = [];
  for (let i = 0; i < SEED_COUNTS.offers; i++) {
    const createdAt = random.dateTime(EPOCH, 300);
    const offer: OfferRecord = {
      id: random.uuid(),
      ref: `offer-${pad(i + 1, 2)}`,
      title: `${TOPICS[(i * 5) % TOPICS.length]} sessions`,
      description: random.chance(0.7) ? 'Pick a date that suits you.' : null,
      isActive: i !== SEED_COUNTS.offers - 1,
      archivedAt: i === SEED_COUNTS.offers - 1 ? random.dateTime(createdAt, 30) : null,
      createdAt,
      updatedAt: random.dateTime(createdAt, 60),
      offerEventIds: [],
    };
    offers.push(offer);
    for (let e = 0; e < random.int(1, 4); e++) {
      const start = random.dateTime('2025-01-01T09:00:00Z', 500);
      const event: OfferEventRecord = {
        id: random.uuid(),
        ref: `${offer.ref}-event-${e + 1}`,
        title: `${offer.title}, session ${e + 1}`,
        type: random.pick(OFFER_EVENT_TYPES),
        dates: [{ id: random.uuid(), startDate: start, endDate: addHours(start, 3) }],
        maxSubscriptions: random.pick([10, 12, 20, 30]),
        minSubscriptions: random.pick([0, 3, 5]),
        waitingList: random.chance(0.5),
        closingDate: addHours(start, -72),
        price: random.pick(['0.00', '49.50', '125.00']),
        cancelled: random.chance(0.1),
        publish: random.chance(0.9),
        trainerIndexes: random.sample(1, userCount),
        accessTrainingIds: [trainings[random.int(0, trainings.length - 1)]!.id],
        certificateId: random.chance(0.4) ? random.pick(certificates).id : null,
        scoreThreshold: random.chance(0.3) ? 0.8 : null,
      };
      offer.offerEventIds.push(event.id);
      offerEvents.push(event);
      for (const userIndex of random.sample(random.int(0, 12), userCount)) {
        enrollments.push({
          id: random.uuid(),
          userId: users[userIndex]!.id,
          offerEventId: event.id,
          status: random.pick(ENROLLMENT_STATUSES),
          enrolledAt: random.dateTime(createdAt, 100),
        });
      }
    }
  }

  // Groups by member, built once: a scan of every group per row is quadratic at 100,000 users.
  const groupsOfUser = new Map<number, string[]>();
  for (const group of groups) for (const member of group.memberIndexes) (groupsOfUser.get(member) ?? groupsOfUser.set(member, []).get(member)!).push(group.id);
  const portfolioReport = Array.from({ length: counts.portfolioReport }, (_, i): PortfolioReportRecord => {
    // One row per (training, participant) pair: a report never lists the same pair twice.
    const training = trainings[i % trainings.length]!;
    const round = Math.floor(i / trainings.length);
    const userIndex = training.participantIndexes[round % training.participantIndexes.length] ?? i % userCount;
    const progress = Math.round(random.next() * 100) / 100;
    const groupIds = groupsOfUser.get(userIndex) ?? [];
    return {
      userIndex,
      groupIds,
      relatedObjectType: 'TRAINING',
      title: training.title,
      progress,
      score: progress === 1 || random.chance(0.3) ? Math.round(random.next() * 100) / 10 : null,
      completionDate: progress === 1 ? random.dateTime('2024-06-01T00:00:00Z', 300) : null,
      timeSpent: { days: random.int(0, 20), seconds: random.int(0, 86_399) },
    };
  });

  const portfolioItems = Array.from({ length: 40 }, (_, i): PortfolioItemRecord => {
    const startDate = random.dateTime('2023-06-01T00:00:00Z', 500);
    return {
      id: random.uuid(),
      userIndex: i % userCount,
      title: `External course ${i + 1}`,
      description: random.chance(0.5) ? 'Completed outside Pluvo.' : null,
      startDate,
      endDate: random.chance(0.4) ? addDays(startDate.slice(0, 10), 365) + 'T00:00:00Z' : null,
      files: random.chance(0.5) ? [`https://files.pluvo.co/portfolio/${random.uuid()}.pdf`] : [],
      createdAt: startDate,
      updatedAt: startDate,
    };
  });

  const { extraCategories, extraCategoryValues } = seedExtraCategories(random, users, groups);
  return { users, trainings, groups, offers, offerEvents, enrollments, certificates, portfolioReport, portfolioItems, extraCategories, extraCategoryValues };
}

function makeUser(random: SeededRandom, i: number, faults: ReadonlySet<FaultName>): UserRecord {
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  const archived = i % 9 === 8;
  const roles = ['PARTICIPANT', ...(i % 13 === 0 ? ['MANAGER'] : []), ...(i % 17 === 0 ? ['TRAINER'] : [])];
  const localPart = `${first}.${last}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z.]/g, '');
  const id = random.uuid();
  return {
    id: faults.has('malformed-uuid') ? `user-${i + 1}` : id,
    ref: i % 10 === 9 ? null : `emp-${pad(i + 1, 5)}`,
    // Data faults touch every user, so any operation that selects the field sees them.
    name: faults.has('null-in-non-null') ? null : `${first} ${last}`,
    email:
      faults.has('malformed-email') || (faults.has('bad-user-on-second-page') && i === 50)
        ? `${localPart}.${i + 1} at example.com`
        : `${localPart}.${i + 1}@example.com`,
    isActive: !archived,
    archived,
    roles,
    profileImage: `https://files.pluvo.co/avatars/${id}.png`,
    language: random.pick(['NL', 'NL', 'NL', 'EN', 'DE']),
    extraFields: JSON.stringify({ Department: random.pick(DEPARTMENTS) }),
    afasEmployeeId: i % 4 === 0 ? `AFAS-${pad(i + 1, 6)}` : null,
    afasPersonId: i % 4 === 0 ? `P${pad(i + 1, 6)}` : null,
  };
}

function seedExtraCategories(random: SeededRandom, users: UserRecord[], groups: GroupRecord[]) {
  const option = (stringValue: string, color: string | null) => ({ id: random.uuid(), ref: stringValue.toLowerCase(), stringValue, color });
  const category = (title: string, categoryType: string, forModelTypes: string[], choices: string[] = []): ExtraCategoryRecord => ({
    id: random.uuid(),
    ref: title.toLowerCase().replace(/\s+/g, '-'),
    title,
    categoryType,
    forModelTypes,
    choiceOptions: choices.map((choice, i) => option(choice, i % 2 ? '#00AAFF' : null)),
    color: null,
    filter: categoryType !== 'TEXT',
    showLabel: true,
    multipleChoices: categoryType === 'MULTISELECT',
    archivedAt: null,
    extraFields: [{ id: random.uuid(), key: title.toLowerCase().replace(/\s+/g, '_'), label: title, type: categoryType }],
  });
  const extraCategories = [
    category('Department', 'SELECT', ['USER', 'GROUP'], DEPARTMENTS),
    category('Education level', 'MULTISELECT', ['USER'], ['MBO', 'HBO', 'WO']),
    category('Cost centre', 'TEXT', ['USER', 'TRAINING']),
    category('Contract end', 'DATE', ['USER']),
    category('Works council', 'BOOLEAN', ['USER', 'GROUP']),
    category('Region', 'SELECT', ['GROUP', 'OFFER'], ['North', 'East', 'South', 'West']),
  ];
  const [department, education, costCentre, contractEnd, worksCouncil] = extraCategories as [
    ExtraCategoryRecord,
    ExtraCategoryRecord,
    ExtraCategoryRecord,
    ExtraCategoryRecord,
    ExtraCategoryRecord,
  ];
  const extraCategoryValues = new Map<string, ExtraCategoryValueRecord[]>();
  // Values for the first users and every group: enough to exercise each union member.
  for (const user of users.slice(0, 60)) {
    const values: ExtraCategoryValueRecord[] = [
      { __typename: 'ExtraCategoryChoiceValue', categoryId: department.id, modelId: user.id, color: null, choiceValue: random.pick(department.choiceOptions) },
    ];
    if (random.chance(0.5))
      values.push({
        __typename: 'ExtraCategoryChoiceValue',
        categoryId: education.id,
        modelId: user.id,
        color: null,
        choiceValue: random.pick(education.choiceOptions),
      });
    if (random.chance(0.5))
      values.push({
        __typename: 'ExtraCategoryStringValue',
        categoryId: costCentre.id,
        modelId: user.id,
        color: null,
        stringValue: `CC-${random.int(100, 999)}`,
      });
    if (random.chance(0.3))
      values.push({
        __typename: 'ExtraCategoryDatetimeValue',
        categoryId: contractEnd.id,
        modelId: user.id,
        color: null,
        datetimeValue: random.dateTime('2026-01-01T00:00:00Z', 700),
      });
    if (random.chance(0.3))
      values.push({ __typename: 'ExtraCategoryBooleanValue', categoryId: worksCouncil.id, modelId: user.id, color: null, booleanValue: random.chance(0.5) });
    extraCategoryValues.set(user.id, values);
  }
  for (const group of groups) {
    extraCategoryValues.set(group.id, [
      { __typename: 'ExtraCategoryBooleanValue', categoryId: worksCouncil.id, modelId: group.id, color: null, booleanValue: random.chance(0.5) },
    ]);
  }
  return { extraCategories, extraCategoryValues };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function addHours(dateTime: string, hours: number): string {
  return new Date(Date.parse(dateTime) + hours * 3_600_000).toISOString().replace('.000Z', 'Z');
}
