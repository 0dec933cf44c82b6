import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Container,
  Group,
  ScrollArea,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { QueryState } from '../components/QueryState';
import { type StudioCommunity, StudioCommunityContext } from '../context';
import { useLanding } from '../hooks';

const SECTIONS = ['settings', 'plans', 'courses', 'members', 'requests', 'invitations', 'revenue'] as const;
type Section = (typeof SECTIONS)[number];

function sectionOf(pathname: string, base: string): Section {
  const rest = pathname.slice(base.length).split('/')[1] ?? '';
  if (rest === 'lessons') return 'courses';
  return (SECTIONS as readonly string[]).includes(rest) ? (rest as Section) : 'settings';
}

/** The frame of one community's studio: its name, the section tabs, and the section. */
export function StudioCommunityLayout() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const landing = useLanding(slug);
  const base = `/studio/c/${slug}`;

  const value = useMemo<StudioCommunity | null>(() => {
    if (!landing.data) return null;
    const { community, viewer } = landing.data;
    return { community, viewer, canManage: viewer.canManage, canModerate: viewer.canModerate, base };
  }, [landing.data, base]);

  const hasRole = Boolean(value && (value.viewer.role || value.canManage));

  if (!value) {
    return (
      <Container size="lg" py="xl">
        <QueryState error={landing.error} retry={() => void landing.refetch()} />
      </Container>
    );
  }
  const { community, viewer } = value;
  const section = sectionOf(pathname, base);

  return (
    <StudioCommunityContext.Provider value={value}>
      <Container size="lg" py="xl">
        <Stack gap="lg">
          <Breadcrumbs>
            <Anchor component={Link} to="/studio">
              {t('studio.title')}
            </Anchor>
            <Text>{community.name}</Text>
          </Breadcrumbs>
          <Group justify="space-between" align="flex-end" gap="sm">
            <Stack gap={4} miw={0}>
              <Title order={1} fz={{ base: 26, sm: 32 }}>
                {community.name}
              </Title>
              <Group gap="xs">
                {viewer.role && (
                  <Badge variant="light" color="teal">
                    {t(`studio.role.${viewer.role}`)}
                  </Badge>
                )}
                <Anchor component={Link} to={`/c/${community.slug}`} size="sm">
                  {t('studio.mine.viewPublic')}
                </Anchor>
              </Group>
            </Stack>
          </Group>
          {!hasRole ? (
            <Alert color="red" variant="light" role="alert">
              {t('studio.noAccess')}
            </Alert>
          ) : (
            <>
              <ScrollArea type="auto" offsetScrollbars>
                <Tabs
                  value={section}
                  onChange={(next) => next && navigate(next === 'settings' ? base : `${base}/${next}`)}
                  keepMounted={false}
                >
                  <Tabs.List aria-label={t('studio.sections')} style={{ flexWrap: 'nowrap' }}>
                    {SECTIONS.map((name) => (
                      <Tabs.Tab key={name} value={name}>
                        {t(`studio.tabs.${name}`)}
                      </Tabs.Tab>
                    ))}
                  </Tabs.List>
                </Tabs>
              </ScrollArea>
              <Outlet />
            </>
          )}
        </Stack>
      </Container>
    </StudioCommunityContext.Provider>
  );
}
