import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Keeps <html lang> in step with the UI language (screen readers and CJK fonts rely on it). */
export function HtmlLang() {
  const { i18n } = useTranslation();
  useEffect(() => {
    document.documentElement.lang = i18n.resolvedLanguage === 'zh' ? 'zh-CN' : 'en';
    document.title = i18n.t('appName');
  }, [i18n, i18n.resolvedLanguage]);
  return null;
}
