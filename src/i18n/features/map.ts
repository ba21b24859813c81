/** UI strings of the map feature: `zh` (default) and `en` must have the same keys (checked by the type of `en`). */
export const zh = {
} as const;

export const en: Record<keyof typeof zh, string> = {
};
