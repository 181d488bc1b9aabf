import type { IsoDate } from '../calendar';

/** The pledge as displayed in the Town Hall and published on the website. */
export interface PublishedPledge {
  councilName: string;
  /** "2026/27" */
  yearLabel: string;
  version: string;
  text: string;
  adoptedOn: IsoDate | null;
  /** How the Children in Care Council took part: no personal data about children. */
  childrenInCareCouncilNote: string | null;
  /** Every serving member, by family name, whether or not they have signed. */
  members: Array<{ name: string; signedOn: IsoDate | null }>;
  signedCount: number;
  /** When the list was produced: it changes as signatures arrive. */
  asOf: IsoDate;
}
