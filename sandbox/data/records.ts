/**
 * The sandbox's stored records. Fields that match the schema are served as they are by
 * graphql-js' default resolvers; links to other records are kept as ids or indexes and
 * resolved on demand, so 100,000 users cost one array, not copies per request.
 */
export interface UserRecord {
  id: string;
  ref: string | null;
  name: string | null;
  email: string;
  isActive: boolean;
  archived: boolean;
  roles: string[];
  profileImage: string;
  language: string;
  extraFields: string;
  afasEmployeeId: string | null;
  afasPersonId: string | null;
}

export interface TrainingRecord {
  id: string;
  ref: string | null;
  title: string;
  subtitle: string | null;
  introduction: string | null;
  isActive: boolean;
  archived: boolean;
  startDate: string | null;
  endDate: string | null;
  estimatedTimeSpent: string | null;
  showParticipants: boolean;
  showSharedFiles: boolean;
  enableChat: boolean;
  extraFields: string;
  modules: Array<{ id: string; title: string }>;
  participantIndexes: number[];
  trainerIndexes: number[];
}

export interface GroupRecord {
  id: string;
  ref: string | null;
  name: string;
  maxUsers: number;
  enableChat: boolean;
  isEditable: boolean;
  permissions: string;
  memberIndexes: number[];
  managerIndexes: number[];
  trainingIds: string[];
}

export interface OfferEventDateRecord {
  id: string;
  startDate: string;
  endDate: string;
}

export interface OfferEventRecord {
  id: string;
  ref: string | null;
  title: string;
  type: string;
  dates: OfferEventDateRecord[];
  maxSubscriptions: number;
  minSubscriptions: number;
  waitingList: boolean;
  closingDate: string;
  price: string;
  cancelled: boolean;
  publish: boolean;
  trainerIndexes: number[];
  accessTrainingIds: string[];
  certificateId: string | null;
  scoreThreshold: number | null;
}

export interface OfferRecord {
  id: string;
  ref: string | null;
  title: string;
  description: string | null;
  isActive: boolean;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  offerEventIds: string[];
}

export interface EnrollmentRecord {
  id: string;
  userId: string;
  offerEventId: string;
  status: string;
  enrolledAt: string;
}

export interface CertificateRecord {
  id: string;
  name: string;
  title: string;
}

export interface PortfolioReportRecord {
  userIndex: number;
  groupIds: string[];
  relatedObjectType: string;
  title: string;
  progress: number;
  score: number | null;
  completionDate: string | null;
  timeSpent: { days: number; seconds: number };
}

export interface PortfolioItemRecord {
  id: string;
  userIndex: number;
  title: string;
  description: string | null;
  startDate: string;
  endDate: string | null;
  files: string[];
  createdAt: string;
  updatedAt: string;
}

export interface ChoiceOptionRecord {
  id: string;
  ref: string | null;
  stringValue: string;
  color: string | null;
}

export interface ExtraCategoryRecord {
  id: string;
  ref: string | null;
  title: string;
  categoryType: string;
  forModelTypes: string[];
  choiceOptions: ChoiceOptionRecord[];
  color: string | null;
  filter: boolean;
  showLabel: boolean;
  multipleChoices: boolean;
  archivedAt: string | null;
  extraFields: Array<{ id: string; key: string; label: string; type: string }>;
}

/** One value of an extra category on one object; `__typename` picks the union member. */
export type ExtraCategoryValueRecord =
  | { __typename: 'ExtraCategoryStringValue'; categoryId: string; modelId: string; color: string | null; stringValue: string }
  | { __typename: 'ExtraCategoryChoiceValue'; categoryId: string; modelId: string; color: string | null; choiceValue: ChoiceOptionRecord }
  | { __typename: 'ExtraCategoryDatetimeValue'; categoryId: string; modelId: string; color: string | null; datetimeValue: string }
  | { __typename: 'ExtraCategoryBooleanValue'; categoryId: string; modelId: string; color: string | null; booleanValue: boolean };
