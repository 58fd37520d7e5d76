/**
 * The one place the Lambdas get their schema library: zod/mini (a tenth of classic zod's bundle size,
 * which every cold start pays for) with English messages, and no other locale bundled.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

export { z };
