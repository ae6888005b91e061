/**
 * The practice document: a few discussion points of the Chair's summary of the Working Group on
 * Firearms (July 2020, tests/fixtures/domain), with proposals of three delegations already in it, so
 * that a delegate can learn the editor without touching a real text. Local only; nothing is sent.
 */
import type { Mark, Node } from "prosemirror-model";
import { schema, type Attribution, type Annotation } from "@concord/shared";

const at = "2020-09-16T10:00:00.000Z";
const a = (id: string, delegation: string, author: string): Attribution => ({ id, delegation, author, createdAt: at });

const US = a("practice-us-1", "USA", "practice-us");
const US2 = a("practice-us-2", "USA", "practice-us");
const CA = a("practice-ca-1", "CAN", "practice-ca");
const FR = a("practice-fr-1", "FRA", "practice-fr");
const USC = a("practice-us-c1", "USA", "practice-us");

type Piece = string | { text: string; marks: Mark[] };
const ins = (attribution: Attribution, text: string): Piece => ({ text, marks: [schema.marks.insertion!.create(attribution)] });
const del = (attribution: Attribution, text: string): Piece => ({ text, marks: [schema.marks.deletion!.create(attribution)] });
const com = (attribution: Attribution, text: string): Piece => ({ text, marks: [schema.marks.comment!.create(attribution)] });

const para = (...pieces: Piece[]): Node => schema.nodes.paragraph!.create(null, pieces.map((p) => typeof p === "string" ? schema.text(p) : schema.text(p.text, p.marks)));
const point = (id: string, ...children: Node[]): Node => schema.nodes.point!.create({ id, kind: "discussion" }, children);
const heading = (level: number, label: string, text: string): Node => schema.nodes.heading!.create({ level, label }, schema.text(text));

export function practiceDocument(): Node {
  return schema.nodes.doc!.create(null, [
    heading(1, "A.", "General Discussion Points"),
    point("practice-dp1", para("Request UNODC to assist Member States to identify technical assistance needs and support implementation of the below measures.")),
    heading(2, "1.", "Discussion points on preventive, security and regulatory measures"),
    point("practice-dp2", para(
      "With a view to preventing and combating the trafficking in firearms and their parts and components via postal and courier services, States ",
      del(US, "should"), " ", ins(US, "are encouraged to"),
      " establish permanent communication channels with relevant service providers to raise awareness of this ",
      del(US2, "increasing "),
      "phenomenon and enhance detection of trafficked items by exchanging information on known trafficking routes.",
    )),
    point("practice-dp3", para(
      "In order to improve the collection of firearms evidence and to bring perpetrators to justice, States ",
      del(CA, "shall"), " ", ins(CA, "should"),
      " develop and adopt systematic recovery protocols, making use of ", com(USC, "national record-keeping systems"), " and international databases, such as IBIN and iArms",
      ins(FR, ", in line with domestic law"), ".",
    )),
    heading(2, "2.", "Discussion points on law enforcement and criminal justice"),
    point("practice-dp4", para("States should increase the capacities and resources of criminal justice teams and units dealing with cybercrime in combating the illicit trafficking in firearms, their parts and components and ammunition via the Internet, including the darknet.")),
  ]);
}

export function practiceAnnotations(): Annotation[] {
  return [
    { kind: "reason", delegation: "USA", author: "practice-us", changeId: US.id, text: "softer wording: States decide on their own channels", updatedAt: at },
    { kind: "reason", delegation: "USA", author: "practice-us", changeId: US2.id, text: "no evidence was presented of an increase", updatedAt: at },
    { kind: "cosponsor", delegation: "CAN", author: "practice-ca", changeId: US.id, joinedAt: at },
    { kind: "comment", delegation: "USA", author: "practice-us", id: USC.id, target: { type: "words" }, text: "If this means centralized registries, the United States cannot support the formulation", createdAt: at, updatedAt: at },
    { kind: "comment", delegation: "CAN", author: "practice-ca", id: "practice-ca-k1", target: { type: "point", pointId: "practice-dp4" }, text: "Already addressed in discussion point 2; it would be preferable to reduce duplication", createdAt: at, updatedAt: at },
  ];
}
