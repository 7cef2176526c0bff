import { Logger } from '@nestjs/common';

// Faults in these tests are real (servers closed, connections cut), so the services log their warnings
// and retries as they would in production. Outside an app (whose logger is pino at LOG_LEVEL) Nest's
// console logger would print each of them in colour between the results; errors still show.
Logger.overrideLogger(['error', 'fatal']);
