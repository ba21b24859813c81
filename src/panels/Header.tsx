/** Title bar: app name, the 示例数据 mark for synthetic data, 导入数据, and the language switch. */
import { useAppStore } from '../state/store';
import { useT } from '../state/selectors';
import { ImportButton } from './ImportButton';
import { SearchBox } from './explore/SearchBox';

export function Header() {
  const t = useT();
  const synthetic = useAppStore((s) => s.dataset?.info.synthetic ?? false);
  const label = useAppStore((s) => s.dataset?.info.label);
  // The button names the other language in that language: read so by a screen reader.
  const other = useAppStore((s) => (s.lang === 'en' ? 'zh-CN' : 'en'));
  const toggleLang = useAppStore((s) => s.toggleLang);
  return (
    <header className="header">
      <h1 className="header-title">{t('appTitle')}</h1>
      {label && <span className="header-dataset">{label}</span>}
      {synthetic && (
        <span className="badge-synthetic" data-testid="synthetic-badge" title={t('syntheticTitle')}>
          {t('synthetic')}
        </span>
      )}
      <SearchBox />
      <ImportButton />
      <button type="button" className="lang-toggle" data-testid="lang-toggle" lang={other} title={t('langToggleTitle')} onClick={toggleLang}>
        {t('langToggle')}
      </button>
    </header>
  );
}
