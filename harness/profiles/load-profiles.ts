// Reading profiles/*.yaml: the one place profile files enter bench.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readYamlFile } from './read-yaml.js';
import { checkCatalog, parseProfile, ProfileError } from '../core/profile-validation.js';
import type { Profile } from '../core/profile-schema.js';

export const PROFILE_EXTENSION = '.yaml';

export const loadProfileFile = (file: string): Profile => {
  const { data, source } = readYamlFile(file, (message) => new ProfileError(message));
  const profile = parseProfile(data, source);
  const expected = path.basename(file, PROFILE_EXTENSION);
  if (profile.name !== expected) throw new ProfileError(`${source}: name: "${profile.name}" does not match the file name "${expected}"`);
  return profile;
};

/** Every profile in the directory, checked one by one and as a set; keyed by name. */
export const loadProfiles = (directory: string): Map<string, Profile> => {
  const files = readdirSync(directory).filter((file) => file.endsWith(PROFILE_EXTENSION)).sort();
  const entries = files.map((file) => {
    const full = path.join(directory, file);
    return { profile: loadProfileFile(full), source: path.relative(process.cwd(), full) || full };
  });
  checkCatalog(entries);
  return new Map(entries.map(({ profile }) => [profile.name, profile]));
};
