import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import type { SettingsView } from '../../api';

/** What the settings page hands each section. */
export interface SectionProps {
  settings: SettingsView;
  /** The role may change settings (Change settings); a setting the config sets stays read-only anyway. */
  canUpdate: boolean;
  onSaved: (settings: SettingsView) => void;
}

/** A white panel with a title, as Strapi's own settings pages lay them out. */
export const Section = ({
  title,
  description,
  testId,
  children,
}: {
  title: string;
  description?: string;
  testId?: string;
  children: React.ReactNode;
}) => (
  <Box
    data-testid={testId}
    background="neutral0"
    hasRadius
    shadow="filterShadow"
    paddingTop={6}
    paddingBottom={6}
    paddingLeft={7}
    paddingRight={7}
  >
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex direction="column" alignItems="stretch" gap={1}>
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {description && (
          <Typography variant="pi" textColor="neutral600">
            {description}
          </Typography>
        )}
      </Flex>
      {children}
    </Flex>
  </Box>
);
