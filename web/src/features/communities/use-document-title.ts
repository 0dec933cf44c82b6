import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** "<page> · <site>" in the tab while the page shows; the layout restores the site title. */
export function useDocumentTitle(page: string | undefined) {
  const { t } = useTranslation();
  useEffect(() => {
    if (!page) return;
    document.title = `${page} · ${t('app.brand')}`;
    return () => {
      document.title = t('app.title');
    };
  }, [page, t]);
}
