import type { MountTable } from '../mountinfo/table.ts';
import { pathsIn, pictureSvg, pictureText, treePicture, type Picture } from '../report/tree/index.ts';
import { describePlace, type Place } from './place.ts';

/** The experiment's tree after a step: the picture, as SVG for reports and as text for a terminal. */
export interface StepPicture {
  readonly picture: Picture;
  readonly svg: string;
  readonly text: string;
  /** Whether a mount was added, removed or changed since the last picture (or a namespace is new). */
  readonly changed: boolean;
}

/**
 * What the tree pictures need to know of a scenario: the places it used (the sandbox, windows,
 * units and containers a step looked at), the texts its steps and commands named paths in, the
 * tables read since the last command (so a picture reuses what a step already read), and the
 * tables of the last picture (to highlight what changed). Reads nothing itself.
 */
export class TreeWatch {
  private readonly places = new Map<string, Place>();
  private readonly fresh = new Map<string, MountTable>();
  private drawn = new Map<string, MountTable>();
  private readonly texts: string[] = [];
  /** A command ran or a window opened since the last picture. */
  private stale = false;

  /** A step used a place (looked at its table, opened it, ran a command in it); a new place is drawn next. */
  use(place: Place): void {
    const key = describePlace(place);
    if (!this.places.has(key)) this.stale = true;
    this.places.set(key, place);
  }

  /** A command ran (or a window opened with one): tables read before it are out of date, and a picture is due. */
  ran(command: string): void {
    this.texts.push(command);
    this.fresh.clear();
    this.stale = true;
  }

  /** A table read since the last command, reused by the next picture. */
  read(place: Place, table: MountTable): void {
    this.use(place);
    this.fresh.set(describePlace(place), table);
  }

  /** A place's table before anything ran in it: the first picture is drawn against it. */
  baseline(place: Place, table: MountTable): void {
    if (!this.drawn.has(describePlace(place))) this.drawn.set(describePlace(place), table);
  }

  /** The paths the scenario's steps and commands named so far. */
  touched(): string[] {
    return pathsIn(this.texts);
  }

  get due(): boolean {
    return this.stale;
  }

  /** The places to draw, each with the table read since the last command when there is one. */
  placesToDraw(): { place: Place; fresh: MountTable | undefined }[] {
    return [...this.places].map(([key, place]) => ({ place, fresh: this.fresh.get(key) }));
  }

  /**
   * Draws the given tables (one per place, in placesToDraw's order; a place that could not be read
   * is left out) against the last picture's, after adding the step's own texts to the touched ones.
   */
  draw(stepTexts: readonly string[], tables: readonly { place: Place; table: MountTable }[], title: string): StepPicture {
    this.texts.push(...stepTexts);
    const namespaces = tables.map(({ place, table }) => ({ label: describePlace(place), after: table, before: this.drawn.get(describePlace(place)) }));
    const picture = treePicture(namespaces, this.touched());
    const isNew = namespaces.some((n) => n.before === undefined);
    const changed = isNew || picture.columns.some((c) => c.rows.some((r) => r.change !== null));
    this.drawn = new Map(tables.map(({ place, table }) => [describePlace(place), table]));
    for (const { place, table } of tables) this.fresh.set(describePlace(place), table);
    this.stale = false;
    return { picture, svg: pictureSvg(picture, title), text: pictureText(picture), changed };
  }

  /** Adds a step's texts without drawing (a step that ran nothing). */
  noteTexts(stepTexts: readonly string[]): void {
    this.texts.push(...stepTexts);
  }
}
