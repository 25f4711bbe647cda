// No zod here: the console's saved-query editor imports these lists at runtime.

/** How a sensitive column is masked; `none` (in definitions) marks a column the name-based classifier gets wrong. */
export const SENSITIVITY_KINDS = ['email', 'phone', 'person_name', 'card_token', 'free_text', 'secret'] as const;
export type Sensitivity = (typeof SENSITIVITY_KINDS)[number];

/** The types a saved query's parameter may have. */
export const PARAM_TYPES = ['string', 'integer', 'number', 'boolean', 'date'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];
