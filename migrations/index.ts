import { InitialSchema1764000000000 } from './1764000000000-InitialSchema.js';
import { AuthExtras1764100000000 } from './1764100000000-AuthExtras.js';
import { ImageWorkflow1764200000000 } from './1764200000000-ImageWorkflow.js';
import { DashboardCounters1764500000000 } from './1764500000000-DashboardCounters.js';
import { CounterUpdateLinear1764600000000 } from './1764600000000-CounterUpdateLinear.js';
import { UserChangeNotify1764700000000 } from './1764700000000-UserChangeNotify.js';
import { QueueAutovacuum1764800000000 } from './1764800000000-QueueAutovacuum.js';
import { LeanerImageWrites1764900000000 } from './1764900000000-LeanerImageWrites.js';
import { IngestWithoutRowChecks1765000000000 } from './1765000000000-IngestWithoutRowChecks.js';
import { ExportBatchTable1765100000000 } from './1765100000000-ExportBatchTable.js';
import { JobRunProgress1765230000000 } from './1765230000000-JobRunProgress.js';
import { RoleNameGuard1765300000000 } from './1765300000000-RoleNameGuard.js';
import { TokenVersion1765310000000 } from './1765310000000-TokenVersion.js';
import { QcDisabledFunction1765400000000 } from './1765400000000-QcDisabledFunction.js';
import { CropSuggestions1765500000000 } from './1765500000000-CropSuggestions.js';
import { AutoCropCounts1765600000000 } from './1765600000000-AutoCropCounts.js';

/**
 * Every migration, in order. Listed explicitly (not globbed) so that the compiled service, ts-run
 * tests and the CLI all load the same classes. Add new migrations at the end.
 */
export const migrations = [
  InitialSchema1764000000000,
  AuthExtras1764100000000,
  ImageWorkflow1764200000000,
  DashboardCounters1764500000000,
  CounterUpdateLinear1764600000000,
  UserChangeNotify1764700000000,
  QueueAutovacuum1764800000000,
  LeanerImageWrites1764900000000,
  IngestWithoutRowChecks1765000000000,
  ExportBatchTable1765100000000,
  JobRunProgress1765230000000,
  RoleNameGuard1765300000000,
  TokenVersion1765310000000,
  QcDisabledFunction1765400000000,
  CropSuggestions1765500000000,
  AutoCropCounts1765600000000,
];
