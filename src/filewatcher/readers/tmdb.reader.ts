import type { ManifestReader } from './reader.js';

export const tmdbReader: ManifestReader = {
  name: 'tmdb',
  provider: 'TMDB',
  columns: [
    { header: 'tivo_id', field: 'ProgramId', required: true },
    { header: 'title', field: 'ProgramTitle', required: true },
    { header: 'release_year', field: 'ReleaseYear' },
    { header: 'file_path', field: 'ImageUrl', required: true },
    { header: 'image_type', field: 'ImageType' },
    { header: 'iso_639_1', field: 'Language' },
    { header: 'width', field: 'Width' },
    { header: 'height', field: 'Height' },
  ],
  // TMDB gives a path ("/abc.jpg") under its image base; a full URL is kept as it is
  adjust: (field, value, ctx) =>
    field === 'ImageUrl' && value && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)
      ? `${ctx.tmdbImageBaseUrl}/${value.replace(/^\/+/, '')}`
      : value,
};
