import { Module } from '@nestjs/common';
import { MULTER_MODULE_OPTIONS } from '@nestjs/platform-express/multer/files.constants.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { FetchModule } from '../infra/fetch/fetch.module.js';
import { ImageBudgetModule } from '../infra/image/image-budget.module.js';
import { StorageModule } from '../infra/storage/storage.module.js';
import { ClaimRepository } from './claim.repository.js';
import { DashboardController } from './dashboard.controller.js';
import { DashboardRepository } from './dashboard.repository.js';
import { DashboardService } from './dashboard.service.js';
import { ImageProcessor } from './image-processor.js';
import { ImageController } from './image.controller.js';
import { ImageRepository } from './image.repository.js';
import { ImageService } from './image.service.js';
import { LockSweeper } from './lock-sweeper.js';
import { LookupController } from './lookup.controller.js';
import { LookupRepository } from './lookup.repository.js';
import { LookupService } from './lookup.service.js';
import { ProductivityRepository } from './productivity.repository.js';
import { ProductivityService } from './productivity.service.js';
import { ReferenceCache } from './reference-cache.js';
import { RenditionPlanner } from './rendition.planner.js';
import { RenditionRepository } from './rendition.repository.js';
import { RenditionService } from './rendition.service.js';
import { ReportController } from './report.controller.js';
import { ReportRepository } from './report.repository.js';
import { ReportService } from './report.service.js';
import { ReportWorkbook } from './report.workbook.js';
import { SuggestionAcceptanceRepository } from './suggest/acceptance.repository.js';
import { SuggestionAcceptanceService } from './suggest/acceptance.service.js';
import { AnalysisJob } from './suggest/analysis.job.js';
import { AutoCropController } from './suggest/autocrop.controller.js';
import { AutoCropRepository } from './suggest/autocrop.repository.js';
import { AutoCropService } from './suggest/autocrop.service.js';
import { AnalysisRepository } from './suggest/analysis.repository.js';
import { AnalysisService } from './suggest/analysis.service.js';
import { AnalysisWorker } from './suggest/analysis.worker.js';
import { FaceDetector } from './suggest/face-detector.js';
import { SuggestionEngine } from './suggest/suggestion-engine.js';
import { SuggestionService } from './suggest/suggestion.service.js';

@Module({
  imports: [StorageModule, FetchModule, ImageBudgetModule],
  controllers: [LookupController, ImageController, DashboardController, ReportController, AutoCropController],
  providers: [
    {
      // multipart saves: each file part in memory once, cut off at MAX_CROP_BYTES (413) while it streams in
      provide: MULTER_MODULE_OPTIONS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: {
          fileSize: config.workflow.maxCropBytes,
          files: 20,
          fields: 1,
          fieldSize: 1024 * 1024,
          parts: 21,
        },
      }),
    },
    LookupRepository,
    LookupService,
    ClaimRepository,
    ImageRepository,
    ImageService,
    RenditionRepository,
    RenditionPlanner,
    ReferenceCache,
    RenditionService,
    ImageProcessor,
    LockSweeper,
    DashboardRepository,
    DashboardService,
    ReportRepository,
    ReportService,
    ReportWorkbook,
    ProductivityRepository,
    ProductivityService,
    FaceDetector,
    SuggestionEngine,
    AnalysisRepository,
    AnalysisService,
    AnalysisWorker,
    AnalysisJob,
    SuggestionService,
    SuggestionAcceptanceRepository,
    SuggestionAcceptanceService,
    AutoCropRepository,
    AutoCropService,
  ],
  exports: [AnalysisJob],
})
export class SmartCropModule {}
