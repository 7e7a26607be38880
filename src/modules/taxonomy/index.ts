export { TaxonomyError, taxonomyErrorCodes, type TaxonomyErrorCode } from './taxonomy-errors.ts';
export {
  TaxonomyService,
  TAXONOMY_PAGE_SIZE,
  taxonomyLimits,
  currentSlug,
  type ManagedSection,
  type ManagedTag,
  type ManagedAuthor,
  type ProfileLink,
  type SectionFields,
  type TagFields,
  type AuthorFields,
  type TaxonomyPage,
} from './taxonomy-service.ts';
