import { config } from 'zod/v4/core';

// Zod 4 probes `new Function` to compile fast parsers. Under the strict CSP (no 'unsafe-eval') that
// probe fails and fires a CSP violation report on every page load, so the JIT is turned off up front.
// This module must be imported before anything that defines or parses a schema.
config({ jitless: true });
