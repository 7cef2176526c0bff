import { Module } from '@nestjs/common';
import { GuardedFetcher } from './guarded-fetcher.js';

/** The guarded outbound fetcher; import this module wherever data from outside names a URL to fetch. */
@Module({ providers: [GuardedFetcher], exports: [GuardedFetcher] })
export class FetchModule {}
