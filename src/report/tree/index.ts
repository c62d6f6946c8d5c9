/**
 * Tree pictures for issue 11, the API the step code calls:
 *
 *   const touched = pathsIn([stepText, docString]);          // accumulate over the scenario
 *   const picture = treePicture([{ label: 'the sandbox', before, after }, { label: 'window "other"', after }], touched);
 *   attach(pictureSvg(picture, title), 'image/svg+xml');  print(pictureText(picture, { colour: isTTY }));
 */
export { pathsIn } from './paths.ts';
export { selectMounts } from './select.ts';
export { treePicture, type NamespaceTables, type Picture } from './picture.ts';
export { pictureSvg } from './svg.ts';
export { pictureText, type TextOptions } from './text.ts';
export { diffMounts, type MountChange } from './diff.ts';
export { peerGroups, legendSentence, type PeerGroup } from './groups.ts';
