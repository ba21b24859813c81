import { describe, expect, it } from 'vitest';
import { translator } from '../i18n';
import { figuresText, missingLabels } from './ruleText';

describe('rule text', () => {
  it('names missing fields and layers in the user language', () => {
    expect(missingLabels(['tax', 'layer:buildings'], 'zh-CN', translator('zh-CN'))).toBe('税收、建筑物图层');
    expect(missingLabels(['tax', 'area'], 'en', translator('en'))).toMatch(/^Tax.*, area$/);
    // A flagged geometry is named as such, not as the raw key.
    expect(missingLabels(['geometry'], 'zh-CN', translator('zh-CN'))).toBe('有效的地块图形（几何错误）');
    expect(missingLabels(['geometry'], 'en', translator('en'))).toBe('valid parcel geometry (geometry error)');
  });
  it('lists figures as key=value with at most 3 decimals', () => {
    expect(figuresText({ taxPerMu: 29.80365, scale: 'above', ok: true, x: null })).toBe('taxPerMu=29.804, scale=above, ok=true, x=null');
    expect(figuresText(undefined)).toBe('—');
  });
});
