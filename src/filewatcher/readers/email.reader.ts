import type { ManifestReader } from './reader.js';

export const emailReader: ManifestReader = {
  name: 'email',
  provider: 'Email',
  columns: [
    { header: 'Program Id', field: 'ProgramId', required: true },
    { header: 'Program Name', field: 'ProgramTitle', required: true },
    { header: 'Image Link', field: 'ImageUrl', required: true },
    { header: 'Image Type', field: 'ImageType' },
    { header: 'Language', field: 'Language' },
    { header: 'Provider', field: 'ProviderName' },
  ],
};
