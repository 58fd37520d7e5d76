/**
 * Imported for its effect by the modules that report validation errors (config.ts, the HTTP
 * middleware): zod/mini carries no messages of its own, so this installs the English ones — and only
 * those, not every locale. Schemas are built with `import * as z from 'zod/mini'` (a tenth of classic
 * zod's bundle size, which every cold start pays for).
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
