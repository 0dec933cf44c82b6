import { TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { SearchIcon } from '../../../ui/icons';

/** The header's search box: opens /search, within the community being viewed when there is one. */
export function HeaderSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const onSearchPage = pathname === '/search';
  const [text, setText] = useState(onSearchPage ? (params.get('q') ?? '') : '');

  useEffect(() => {
    if (onSearchPage) setText(params.get('q') ?? '');
  }, [onSearchPage, params]);

  const community = /^\/c\/([^/]+)/.exec(pathname)?.[1] ?? (onSearchPage ? params.get('community') : null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = text.trim();
    if (!q) return;
    const next = new URLSearchParams({ q });
    if (community) next.set('community', community);
    navigate(`/search?${next}`);
  };

  return (
    <search aria-label={t('search.label')}>
      <form onSubmit={submit}>
        <TextInput
          type="search"
          name="q"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          placeholder={community ? t('search.placeholderCommunity') : t('search.placeholder')}
          aria-label={t('search.label')}
          leftSection={<SearchIcon size={14} />}
          size="xs"
          w={{ base: 140, md: 220 }}
          maxLength={200}
        />
      </form>
    </search>
  );
}
