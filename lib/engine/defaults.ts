import { DEFAULT_GARDENER_VERSION } from '../gardener/versions.ts';
import type { EngineConfig, Settings } from './settings.ts';
import { DEFAULT_STIG_RELEASE } from './stig.ts';

export function defaultSettings(today: string): Settings {
  return {
    strict: false,
    stigRelease: DEFAULT_STIG_RELEASE,
    gardenerVersion: DEFAULT_GARDENER_VERSION,
    unverifiableSeverity: 'warning',
    today,
  };
}

export function defaultConfig(today: string): EngineConfig {
  return { settings: defaultSettings(today), rules: {} };
}
