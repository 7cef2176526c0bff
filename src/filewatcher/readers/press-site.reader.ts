import type { ManifestReader } from './reader.js';

export const pressSiteReader: ManifestReader = {
  name: 'pressSite',
  provider: 'PressSite',
  columns: [
    { header: 'Program ID', field: 'ProgramId', required: true },
    { header: 'Title', field: 'ProgramTitle', required: true },
    { header: 'Episode Title', field: 'EpisodeTitle' },
    { header: 'Season', field: 'SeasonNumber' },
    { header: 'Episode', field: 'EpisodeNumber' },
    { header: 'Image URL', field: 'ImageUrl', required: true },
    { header: 'Image Type', field: 'ImageType' },
    { header: 'Language', field: 'Language' },
    { header: 'Rights', field: 'RightsName' },
    { header: 'Notes', field: 'ImageNotes' },
  ],
};
