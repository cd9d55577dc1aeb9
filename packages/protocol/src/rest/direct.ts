import { z } from 'zod';
import { Id } from './common.js';
import { DIRECT_MAX_MEMBERS } from './rooms.js';

/**
 * `POST /api/direct`: the other people of a direct-message conversation (the caller is added
 * implicitly). Answers 200 with the conversation these people already have, else 201 with a new one.
 */
export const CreateDirectBody = z
  .object({
    userIds: z
      .array(Id)
      .min(1, { message: 'name at least one other person' })
      .max(DIRECT_MAX_MEMBERS - 1, { message: `at most ${DIRECT_MAX_MEMBERS} people, you included` })
      .refine((ids) => new Set(ids).size === ids.length, { message: 'must not name anyone twice' }),
  })
  .strict();
export type CreateDirectBody = z.infer<typeof CreateDirectBody>;
