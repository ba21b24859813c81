/** The settings' messages and where focus goes after a reset (rendered server-side; focus with stand-ins). */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n';
import { FileNotes, RuleFiles } from './RuleFiles';
import { focusAfterReset, ResetNotes, RuleSettingsPanel } from './RuleSettingsPanel';

const t = translator('zh-CN');
const html = (el: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(el);
/** The element with `role` and what it holds (the regions here hold no element of the same tag). */
const region = (markup: string, role: string) => new RegExp(`<div role="${role}"[^>]*>(.*?)</div>`).exec(markup)?.[1];

describe('导入规则\'s messages', () => {
  it('have their regions mounted empty before any import (a region made with its message is seldom read out)', () => {
    const markup = html(createElement(RuleFiles));
    expect(region(markup, 'status')).toBe('');
    expect(region(markup, 'alert')).toBe('');
  });

  it('say a refused file at once (role="alert"), an import and its undo politely', () => {
    const refused = html(createElement(FileNotes, { note: { text: '“x.json”不是有效的 JSON', refused: true, seq: 1 }, onUndo: () => {}, t }));
    expect(region(refused, 'alert')).toContain('不是有效的 JSON');
    expect(region(refused, 'alert')).toContain('data-testid="settings-file-message"');
    expect(region(refused, 'status')).toBe('');
    const imported = html(createElement(FileNotes, { note: { text: t('setRulesImported', { file: 'r.json' }), refused: false, seq: 2 }, onUndo: () => {}, t }));
    expect(region(imported, 'status')).toContain('data-testid="settings-import-undo"');
    expect(region(imported, 'alert')).toBe('');
    const undone = html(createElement(FileNotes, { note: { text: t('setImportUndone'), refused: false, seq: 3 }, onUndo: null, t }));
    expect(region(undone, 'status')).toContain('已撤销导入');
    expect(undone).not.toContain('settings-import-undo');
  });
});

describe('the reset\'s messages', () => {
  it('are in a region mounted empty, the invalid count too; the title can take focus', () => {
    const markup = html(createElement(RuleSettingsPanel));
    expect(markup).toMatch(/<h2 class="set-title" tabindex="-1">/);
    expect(markup.match(/<div role="status" aria-live="polite" class="set-live"><\/div>/g)?.length).toBe(3); // file, reset, invalid count
  });

  it('say everything reset (with 撤销 while it can be), then 已撤销, and a rule reset by name', () => {
    const all = html(createElement(ResetNotes, { note: { kind: 'all', canUndo: true }, onUndo: () => {}, t }));
    expect(region(all, 'status')).toContain('已全部恢复默认。');
    expect(all).toContain('data-testid="settings-reset-undo"');
    const undone = html(createElement(ResetNotes, { note: { kind: 'undone' }, onUndo: () => {}, t }));
    expect(region(undone, 'status')).toContain('已撤销');
    expect(undone).not.toContain('"settings-reset-undo"');
    expect(html(createElement(ResetNotes, { note: { kind: 'group', group: '闲置土地' }, onUndo: () => {}, t }))).toContain('“闲置土地”已恢复默认。');
    expect(translator('en')('setResetUndone')).toMatch(/^Undone/);
  });
});

describe('focus after a reset', () => {
  const title = { name: 'title' } as unknown as HTMLElement;
  const summary = { name: 'summary' } as unknown as HTMLElement;
  const section = { querySelector: (sel: string) => (sel === '[data-group="idle"] > summary' ? summary : null) } as unknown as HTMLElement;
  const button = (disabled: boolean) => ({ disabled }) as HTMLButtonElement;

  it('全部恢复默认 (now disabled) → the title; 撤销 (gone) → 全部恢复默认 again, or the title while it is disabled', () => {
    expect(focusAfterReset({ to: 'title' }, { title, resetAll: button(true), section })).toBe(title);
    const enabled = button(false);
    expect(focusAfterReset({ to: 'reset-all' }, { title, resetAll: enabled, section })).toBe(enabled);
    expect(focusAfterReset({ to: 'reset-all' }, { title, resetAll: button(true), section })).toBe(title);
  });

  it('恢复本项默认 (now disabled) → that rule\'s summary', () => {
    expect(focusAfterReset({ to: 'group', id: 'idle' }, { title, resetAll: button(true), section })).toBe(summary);
    expect(focusAfterReset({ to: 'group', id: 'gone' }, { title, resetAll: button(true), section })).toBe(title);
  });
});
