import type { ProviderReader } from '../../config/config.js';

/** One row of any manifest, as every reader produces it (stored in smartcrop_inputfiles). */
export interface InputFileModel {
  ProviderName: string;
  ProgramId: number;
  ProgramTitle: string;
  EpisodeTitle: string | null;
  SeasonNumber: string | null;
  EpisodeNumber: string | null;
  ReleaseYear: number | null;
  ImageUrl: string;
  ImageType: string | null;
  Language: string | null;
  Width: number | null;
  Height: number | null;
  RightsName: string;
  ImageNotes: string;
  SourceFile: string;
  SourceRow: number;
  InputFileRef: string;
}

/** The fields a reader maps a sheet column to. */
export type Field =
  | 'ProgramId'
  | 'ProgramTitle'
  | 'EpisodeTitle'
  | 'SeasonNumber'
  | 'EpisodeNumber'
  | 'ReleaseYear'
  | 'ImageUrl'
  | 'ImageType'
  | 'Language'
  | 'Width'
  | 'Height'
  | 'RightsName'
  | 'ImageNotes'
  | 'ProviderName';

/**
 * A provider's manifest layout: which header feeds which field, which are required, and how a value is
 * adjusted (e.g. TMDB's file_path joined to a base URL). Adding a provider is one such object.
 */
export interface ManifestReader {
  name: ProviderReader;
  /** ProviderName when the sheet has no Provider column. */
  provider: string;
  columns: { header: string; field: Field; required?: boolean }[];
  /** Adjusts a mapped value before validation (optional). */
  adjust?: (field: Field, value: string, ctx: { tmdbImageBaseUrl: string }) => string;
}
