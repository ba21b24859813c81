/** The rule settings tab: every rule parameter and the evaluation date (issue 7). */
export function RuleSettingsPanel() {
  return null;
}
