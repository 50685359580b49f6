/** Images in the browser: decoding as proof of "is a raster image", and downscaling to fit a blob. */
export { decodeImage, downscaleImage } from './downscale-image.ts'
