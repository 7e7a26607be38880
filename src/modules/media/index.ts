export { MediaError, mediaErrorCodes, type MediaErrorCode } from './media-errors.ts';
export {
  MediaService,
  LIBRARY_PAGE_SIZE,
  detailLimits,
  pictureIdsOf,
  recordStoryMedia,
  assertAltTextPresent,
  findShownPictures,
  type MediaServiceOptions,
  type Picture,
  type PictureDetails,
  type PictureChanges,
  type PictureTexts,
  type PictureUse,
  type ShownPicture,
  type LibraryFilter,
  type LibraryQuery,
  type LibraryPage,
  type StoredVariant,
} from './media-service.ts';
export { pictureLimits } from './process-picture.ts';
export { sniffImageType, type AcceptedImageType } from './sniff-image-type.ts';
export { crops, variantFormats, widthLadder, widthsFor, heightFor, cropRect, variantPath, contentTypes, type Crop, type VariantFormat, type PictureGeometry } from './variant-plan.ts';
export { addPictureFiles, largestVariantPath, MAX_UPLOAD_BYTES, type AddFileOutcome } from './add-picture-files.ts';
