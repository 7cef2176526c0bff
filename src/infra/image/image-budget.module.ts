import { Module } from '@nestjs/common';
import { ImageBudget } from './image-budget.js';

/** The one image budget of the process; import this module wherever images are decoded. */
@Module({ providers: [ImageBudget], exports: [ImageBudget] })
export class ImageBudgetModule {}
