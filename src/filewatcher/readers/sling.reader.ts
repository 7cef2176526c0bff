import type { ManifestReader } from './reader.js';

export const slingReader: ManifestReader = {
  name: 'sling',
  provider: 'Sling',
  columns: [
    { header: 'ProgramID', field: 'ProgramId', required: true },
    { header: 'ProgramName', field: 'ProgramTitle', required: true },
    { header: 'AssetURL', field: 'ImageUrl', required: true },
    { header: 'AssetType', field: 'ImageType' },
    { header: 'Lang', field: 'Language' },
    { header: 'AssetWidth', field: 'Width' },
    { header: 'AssetHeight', field: 'Height' },
  ],
};
