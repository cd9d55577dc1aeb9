import type { en } from './en';

/** The same keys as T, any strings. */
export type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** The shape every locale must have: English's keys, any strings. Missing or extra keys fail the build. */
export type LocaleStrings = Strings<typeof en>;
