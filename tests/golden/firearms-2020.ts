/**
 * The comment round of 2020 on the discussion points of the seventh meeting of the Working Group on
 * Firearms, replayed through the engine: the circulated text of discussion points 1–14 (the wording
 * before any proposal, read back from the Secretariat's note of 9 October 2020), then each
 * delegation's proposals made as that delegation, then the general comments of section III. The
 * round itself runs through the real state machine (`applyRoundEvent`), and the note's deadline,
 * invited delegations and submissions come from it through `noteInputFromRound`; the masthead,
 * introduction and section titles are the Secretariat's choices for this note.
 */
import type { Node } from "prosemirror-model";
import {
  applyRoundEvent, noteInputFromRound, schema, type CommentsNodeJSON, type NoteInput, type RichTextInput, type Round, type RoundEvent, type Submission,
} from "@concord/shared";
import { Drafting } from "./drafting.js";
import { PERU_TRANSLATION, TUNISIA_TRANSLATION, UNITED_STATES_COMMENTS } from "./firearms-2020-general.js";
import { MASTHEAD_2020 } from "./samples.js";

const p = (text: string) => schema.node("paragraph", null, [schema.text(text)]);
const heading = (level: number, text: string) => schema.node("heading", { level }, [schema.text(text)]);
const point = (n: number, text: string) => schema.node("point", { id: `dp${n}` }, [p(text)]);

/** Discussion points 1–14 as circulated on 31 July 2020, under their headings. */
export function circulatedText(): Node {
  return schema.node("doc", null, [
    heading(2, "General discussion points"),
    point(1, "Recognizing that the full and effective implementation of the United Nations Convention against Transnational Organized Crime and its supplementary Firearms Protocol provide a meaningful basis to set in place a regulatory regime that helps States address threats related to technological developments and changing modus operandi with regard to the illicit manufacturing of and trafficking in firearms, their parts and components and ammunition and to investigate and prosecute these crimes, States that have not yet done so should consider becoming party to the Firearms Protocol, with the aim of achieving the universalization and full implementation of these two instruments."),
    point(2, "Member States, as well as the secretariats of relevant bodies, are encouraged to continue to foster synergies between the various international and regional instruments governing firearms such as the Arms Trade Treaty, the Programme of Action to Prevent, Combat and Eradicate the Illicit Trade in Small Arms and Light Weapons in All Its Aspects and the Firearms Protocol, including by adopting national legal frameworks that take full advantage of the provisions of the different instruments to which a country is party, enhancing the mutual understanding of how firearms-related challenges are addressed in the different forums, and convening expert meetings for relevant international bodies to facilitate the corresponding dialogue and further contribute to accomplishing target 16.4 of the Sustainable Development Goals."),
    point(3, "The United Nations Office on Drugs and Crime (UNODC) is requested to assist States in identifying technical assistance needs and supporting implementation of the measures described below."),
    point(4, "States, UNODC and other relevant stakeholders are encouraged to further analyse and disseminate information on the impacts of arms trafficking as an international illicit market and its relation to violence and crime, and to address concerns about the links between arms trafficking and violence against women and hate crimes, as well as new trends posed by the COVID-19 pandemic in this regard."),
    heading(1, "Agenda item 2"),
    heading(2, "Responsiveness of the Firearms Protocol and national legislation to new and emerging threats relating to the illicit manufacturing of and trafficking in firearms, their parts and components and ammunition"),
    point(5, "With a view to fostering harmonized responses to threats related to technical developments and changing modi operandi related to the illicit manufacturing of and trafficking in firearms, their parts and components and ammunition, the Conference requests UNODC to develop legislative and operational tools that help countries counter the threats identified and better regulate related activities, as appropriate, taking into account and building synergies with the ongoing discussions held in the context of the International Tracing Instrument. These may include, among other tools, (a) a glossary of terms for the discussion of new and emerging threats related to the illicit manufacturing of and trafficking in firearms, their parts and components and ammunition, (b) relevant issue papers, and (c) common technical guidelines on the issues of manufacturing of convertible weapons, irreversible deactivation of firearms, and the manufacture and marking of polymer firearms and modular weapons."),
    heading(3, "Discussion points on legislative measures"),
    point(6, "Acknowledging that trafficking in firearms is a transnational threat often linked to organized crime and that there are emerging technologies to manufacture firearms, their parts and components and ammunition and new modalities of illicit trafficking, States should be encouraged to revise their domestic legal frameworks and regulations to counter these threats, including by adopting relevant legal regimes, including, where appropriate, through criminalization provisions, so as to also include readily convertible weapons, polymer firearms, modular weapons, the transfer of 3D-printable files and other emerging aspects."),
    point(7, "States are encouraged to conduct a comparative legislative analysis to identify trends and good practices in the responsiveness of national, regional and international legal frameworks to new technologies and changing modi operandi in relation to the illicit manufacturing of and trafficking in firearms, their parts and components and ammunition. In this context, the Conference requests UNODC to conduct such comparative analysis and to facilitate such analysis and exchange among countries."),
    point(8, "In order to efficiently prevent and combat the illicit manufacturing of and trafficking in firearms, their parts and components and ammunition, States should adopt and enforce, comprehensive legal and regulatory regimes, including integrated record-keeping systems, that address the entire life cycle of firearms, their parts and components and ammunition, including those aspects that are in the licit realm. In this regard, States should also encourage the issuance of licences for firearms possession and conduct end user verifications."),
    point(9, "Acknowledging that the deactivation of firearms is different from the destruction of firearms, and with a view to preventing their illicit reactivation, Member States parties should consider adopting national deactivation standards in a manner consistent with the Firearms Protocol that render the weapon permanently inoperable and are equivalent to the destruction of its frame or receiver."),
    point(10, "With a view to filling legislative gaps with regard to 3D-printed weapons, States should consider regulating the blueprints required for these weapons and their parts and components and establishing as a criminal offence the illicit possession, uploading and downloading of such blueprints and the illicit printing of these items."),
    point(11, "Acknowledging that 3D printers could be considered dual-use items, States should be encouraged to cooperate with industry with a view to developing legislation requiring companies that manufacture these items to adopt technical limits in the machines that prevent the 3D printing of parts and components of firearms."),
    point(12, "To improve transfer controls over firearms, their parts and components and ammunition, States parties are encouraged to establish appropriate export, import and transit control systems as required by the Firearms Protocol and to implement into their national legislation the measures encompassed in other relevant international and regional instruments, such as the Arms Trade Treaty, including human rights criteria and mandatory end user certificates for firearm transfers."),
    point(13, "Recognizing the central role that parts and components play in threats related to technological developments and changing modi operandi, including 3D-printed firearms, converted firearms and trafficking through postal services, States parties should address as a matter of priority the regulation of parts and components, taking into account the definition of those contained in article 3 of the Firearms Protocol, with a view to harmonizing legal regimes and avoiding legal loopholes and discrepancies among legal regimes across jurisdictions. In that same context, States should develop systems to identify patterns and coincidences in illicit postal service shipments of these items and to encourage and enable law enforcement to make the investigation of seized parts and components in all possible circumstances mandatory."),
    heading(3, "Discussion points on preventive, security and regulatory measures"),
    point(14, "To enhance the traceability of firearms and their essential components and ammunition, States should ensure that all firearms and essential components are marked in a uniquely identifiable manner."),
  ]);
}

const DELETE_NOT_DISCUSSED = "delete, since it was not discussed during the WG";

/**
 * Every delegation's proposals, in the order the Secretariat received them (the order of competing
 * proposals and of merged tags follows it): Canada's wording of discussion point 4 first, then the
 * United States, Canada, France and Morocco.
 */
export function proposals2020(): Drafting {
  const d = new Drafting(circulatedText(), "2020-08-03T08:00:00.000Z");

  // Canada (first part): "firearms" instead of "arms" in discussion point 4.
  d.replace("arms", "firearms", "CAN", { point: "dp4", nth: 0 });
  d.replace("arms", "firearms", "CAN", { point: "dp4", nth: 2, reason: "recommends use of the term “firearms” instead of “arms”" });

  // The United States.
  d.replace("that have not yet done so should", "in a position to do so are encouraged to", "USA", { point: "dp1" });
  d.replace("are encouraged to", "should", "USA", { point: "dp2" });
  d.insert("Member States and ", { before: "relevant international bodies" }, "USA", { point: "dp2" });
  d.deletePoint("dp3", "USA", DELETE_NOT_DISCUSSED);
  d.delete("and to address concerns about the links between armsfirearms trafficking and violence against women and hate crimes, as well as new trends posed by the COVID-19 pandemic in this regard.", "USA", { point: "dp4", reason: DELETE_NOT_DISCUSSED });
  const dp5 = "the Conference requests UNODC to develop legislative and operational tools that help countries counter the threats identified and better regulate related activities, as appropriate, taking into account and building synergies with the ongoing discussions held in the context of the International Tracing Instrument";
  d.delete(dp5, "USA", { point: "dp5", reason: "delete, since it was not discussed in the WG – the work on the ITI in terms of alleged “new and emerging threats” is on hold until at least next year. So there are no ongoing consultations on ITI" });
  d.comment("convertible weapons", "USA", "Suggest revising the paragraph to reflect that a discussion was held on convertible weapons", { point: "dp5" });
  d.insert("illicit ", { before: "trafficking in firearms is" }, "USA", { point: "dp6" });
  d.delete(" and ammunition", "USA", { point: "dp6", reason: "delete, since there was no discussion of emerging technologies in ammunition-manufacturing" });
  d.delete("should be encouraged to ", "USA", { point: "dp6" });
  d.delete("In this context, the Conference requests UNODC to conduct such comparative analysis and to facilitate such analysis and exchange among countries.", "USA", { point: "dp7", reason: "delete since this request did not come up in the Working Group and the Secretariat is overstepping its bounds in relation to the Protocol with this request" });
  d.replace("should", "are encouraged to", "USA", { point: "dp8" });
  d.insert("consistent with domestic legislation, ", { before: "comprehensive legal" }, "USA", { point: "dp8" });
  d.comment("integrated", "USA", "If “integrated” means integrated with national record-keeping systems, the US cannot support the formulation", { point: "dp8" });
  d.comment("their parts and components and ammunition,", "USA", "delete since it exceeds the scope of the Firearms Protocol, which only requires recordkeeping for firearms in Article 7", { point: "dp8", nth: 1 });
  d.comment("In this regard, States should also encourage the issuance of licences for firearms possession and conduct end user verifications.", "USA", "delete since the Firearms Protocol only addresses licenses for transactions such as imports and exports and not for possession, hence the formulation is outside the scope of the Firearms Protocol and accordingly should not be included. Furthermore, this was not discussed during the Working Group. Also the reference to end-use/r-verifications goes beyond the scope of the Protocol since Article 10 only makes reference to the verification of the authenticity of export licenses and documentation.", { point: "dp8" });
  d.replace("should", "are encouraged to", "USA", { point: "dp9" });
  d.replace("should", "are encouraged to", "USA", { point: "dp10" });
  d.commentPoint("dp11", "USA", "delete entire discussion point 11 for the following reasons: (1) This discussion point exceeds the Firearms Protocol. (2) This proposition would fail in the U.S. and produce considerable legal and policy problems. (3) Technically such machines can produce both firearms components and non-firearms components, and it is unrealistic to attempt to inhibit the development of such machines, which are already widely in use.");
  d.replace("required", "provided", "USA", { point: "dp12" });
  d.delete("and to implement into their national legislation the measures encompassed in other relevant international and regional instruments, such as the Arms Trade Treaty, including human rights criteria and mandatory end user certificates for firearm transfers", "USA", { point: "dp12", reason: "delete, one instrument should not be used for backdoor adherence by States to other instruments, so the ATT reference is not appropriate" });
  d.delete("States parties should address as a matter of priority the regulation of parts and components, taking into account the definition of those contained in article 3 of the Firearms Protocol, ", "USA", { point: "dp13", reason: "delete for the following reasons: 1) This exceeds the scope of the Firearms Protocol. 2) This was not discussed during the Working Group. 3) UNODC's discussion paper should not serve as the blueprint for the non-paper" });
  d.replace("should", "are encouraged to", "USA", { point: "dp13", nth: 1 });
  d.delete(" and ammunition", "USA", { point: "dp14", reason: "delete since firearms ammunition is difficult to trace, and in other fora marking of ammunition is a U.S. redline. Furthermore, there's no corresponding action in the second half of the sentence" });
  d.replace("should", "are encouraged to", "USA", { point: "dp14" });

  // Canada.
  d.delete(dp5, "CAN", { point: "dp5", reason: "delete “legislative tools” since only states can develop and implement legislation; moreover, of the examples listed further in the paragraph, none suggest even model legislation" });
  d.delete("including by adopting relevant legal regimes, ", "CAN", { point: "dp6", reason: "repetitive" });
  d.commentPoint("dp10", "CAN", "Item is already addressed in Discussion point 6. It would be preferable to reduce duplication");
  d.delete("to encourage and enable law enforcement to make the investigation of seized parts and components in all possible circumstances mandatory", "CAN", { point: "dp13", reason: "wording could be seen to interfere with law enforcement independence over their investigations which is a principle in many jurisdictions, notably Canada. Moreover, where there is little or no evidence to investigate, it makes little sense to mandate investigations. Key barriers to implementing this recommendation are a) articulating the priority, and b) resources" });

  // France.
  d.replace("terms for the discussion of", "relevant terms not defined by the protocol or relating to", "FRA", { point: "dp5" });
  d.insert(" —as equipment that can only be held by authorized professionals", { after: "the blueprints required" }, "FRA", { point: "dp10" });
  d.replace("technical limits in the machines", "measures to mark the parts produced during making", "FRA", { point: "dp11" });

  // Canada on France's proposal, the United States on the last sentence of point 13, Morocco.
  d.comment("technical limits in the machinesmeasures to mark the parts produced during making", "CAN", "very prescriptive and may not be the most appropriate approach in all situations and for all Member States. We recommend more flexible wording, which could include legislation mandating technical limits as one possible approach to addressing this issue with industry", { point: "dp11" });
  d.comment("In that same context, States shouldare encouraged to develop systems to identify patterns and coincidences in illicit postal service shipments of these items and to encourage and enable law enforcement to make the investigation of seized parts and components in all possible circumstances mandatory.", "USA", "delete last sentence entirely since this was not discussed in the Working Group", { point: "dp13" });
  d.commentPoint("dp14", "MAR", "Discussion point 14 is difficult to implement in the case of firearms that are already in use, in particular with regards to the marking of identical serial numbers on the barrel, the frame and parts and components. Therefore, the discussion point should apply for manufacturers only, without retroactive effect.");
  return d;
}

/** What each delegation sent within the deadline. Saudi Arabia's proposals concern points after 14. */
export const SUBMISSIONS_2020: readonly Submission[] = [
  { delegation: "CAN", kind: "comments", receivedAt: "2020-09-15T14:00:00.000Z", language: "en", comments: null },
  { delegation: "FRA", kind: "comments", receivedAt: "2020-09-16T09:00:00.000Z", language: "fr", comments: null },
  { delegation: "MAR", kind: "comments", receivedAt: "2020-09-14T10:00:00.000Z", language: "fr", comments: null },
  { delegation: "PER", kind: "comments", receivedAt: "2020-09-10T15:00:00.000Z", language: "es", comments: "[Carta de la CONATIAF, original en español.]", translation: PERU_TRANSLATION },
  { delegation: "SAU", kind: "comments", receivedAt: "2020-09-16T11:00:00.000Z", language: "ar", comments: null },
  { delegation: "TUN", kind: "comments", receivedAt: "2020-09-11T12:00:00.000Z", language: "ar", comments: "[النص الأصلي باللغة العربية]", translation: TUNISIA_TRANSLATION },
  { delegation: "UKR", kind: "no-comments", receivedAt: "2020-09-09T08:00:00.000Z", language: "en" },
  { delegation: "USA", kind: "comments", receivedAt: "2020-09-16T16:00:00.000Z", language: "en", comments: UNITED_STATES_COMMENTS },
];

export const INTRODUCTION_2020 = {
  title: "Introduction",
  paragraphs: [
    "The seventh meeting of the Working Group on Firearms was held on 16 and 17 July 2020. At this meeting, the two substantive agenda items were: “Responsiveness of the Firearms Protocol and national legislation to new and emerging threats relating to the illicit manufacturing of and trafficking in firearms, their parts and components and ammunition” and “Investigative and prosecutorial approaches in countering illicit firearms trafficking and related forms of crime within and across jurisdictions”.",
    "The meeting was held in a so-called hybrid/Chair format in view of the COVID-19 pandemic. Due to this format, with all delegates connected remotely via an interpretation platform and limited meeting times, it was not possible to follow established practice of fully negotiating the draft recommendations line-by-line during the Working Group and to adopt them as part of the final report. Some States also faced difficulties to fully attend the meetings of the Working Group due to technical issues of connectivity.",
    "Instead, the draft recommendations were entitled discussion points for future consideration, were presented to the Working Group for initial comments, and became a part of the Chair’s summary of the deliberations of the Working Group. They were included in the final report of the meeting (CTOC/COP/WG.6/2020/4) which was published in September 2020 and is available on the relevant webpage of the Working Group. As per established practice, the report, including the Chair’s summary, has also been submitted to the Conference as part of the official documentation.",
    "In order to facilitate the further consideration of the discussion points before the tenth session of the Conference, the extended Bureau approved by silence procedure on 31 July 2020, a process which had been negotiated by Member States in informal consultations under the guidance of the President of the ninth session of the Conference of the Parties. This process foresaw a so called “reflection period” in which the Secretariat, on behalf of the Chair of the Working Group, circulated the draft recommendations in the form of a non-paper to the Permanent Missions of Member States which did register to participate in the Working Group, as well as to all the registered delegates, before the reports were published; and set a deadline ({deadline}) for the submission of comments on the text of the discussion points.",
    "Within the aforementioned deadline, the Secretariat to the Working Group on Firearms received comments from {respondents}. These comments are reflected below. {translations}",
  ],
  translationSentence: "Submissions received in other language than English were translated unofficially through the use of internal resources.",
};

/** The input of the note of 9 October 2020, restricted to discussion points 1–14. */
/** The deadline of the 2020 round: the end of 16 September 2020 in Vienna (UTC+2). */
export const DEADLINE_2020_ROUND = "2020-09-16T22:00:00.000Z";
const INVITED_2020 = ["CAN", "FRA", "MAR", "PER", "SAU", "TUN", "UKR", "USA", "RUS", "CHN", "EGY", "ESP", "MEX", "EU"];

const asComments = (text: RichTextInput): CommentsNodeJSON => typeof text === "string"
  ? { type: "doc", content: text.split("\n\n").map((paragraph) => ({ type: "paragraph", content: [{ type: "text", text: paragraph }] })) }
  : text as CommentsNodeJSON;

/** What a delegation did in the round to send `submission`, at the time it was received. */
function eventOf(submission: Submission): RoundEvent {
  const { delegation } = submission;
  const author = `${delegation.toLowerCase()}-1`;
  if (submission.kind === "no-comments") return { type: "declare-no-comments", delegation, author };
  if (submission.comments === null) return { type: "record-proposal", delegation, author, changeId: `proposals-${delegation}` };
  return {
    type: "submit-comments", delegation, author, content: asComments(submission.comments), language: submission.language,
    ...(submission.translation ? { translation: asComments(submission.translation) } : {}),
  };
}

/** The 2020 round from its creation to its closing at the deadline, each event at its time. */
export function round2020(): Round {
  const steps: Array<readonly [RoundEvent, string]> = [
    [{ type: "create", by: "sec-1", id: "wg-firearms-2020", documentId: "dp-2020", kind: "comments", title: "Discussion points of the seventh meeting",
      instructions: "Please send comments on the text of the discussion points.", invited: INVITED_2020, timeZone: "Europe/Vienna", deadline: DEADLINE_2020_ROUND }, "2020-07-30T09:00:00.000Z"],
    [{ type: "open", by: "sec-1", circulatedSnapshotId: "circulated" }, "2020-07-31T10:00:00.000Z"],
    ...[...SUBMISSIONS_2020].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)).map((s) => [eventOf(s), s.receivedAt] as const),
    [{ type: "close", by: "system", reason: "deadline" }, DEADLINE_2020_ROUND],
    [{ type: "record-closed-snapshot", by: "system", snapshotId: "closed" }, DEADLINE_2020_ROUND],
  ];
  let round: Round | null = null;
  for (const [event, at] of steps) {
    const result = applyRoundEvent(round, event, new Date(at));
    if (!result.ok) throw new Error(`${event.type} at ${at} refused: ${result.error.code}: ${result.error.message}`);
    round = result.round;
  }
  return round!;
}

export function input2020(): NoteInput {
  const d = proposals2020();
  const fromRound = noteInputFromRound({
    round: round2020(),
    document: { doc: d.doc, annotations: d.annotations },
    metadata: { title: "Chair's summary", symbol: "CTOC/COP/WG.6/2020/4", metadata: null },
    // only proposals were sent by these delegations: the languages they wrote in
    template: { introduction: INTRODUCTION_2020, languages: { FRA: "fr", MAR: "fr", SAU: "ar" } },
    asOf: "2020-10-09T08:00:00.000Z",
  });
  if (!fromRound.ok) throw new Error(`the 2020 round gives no note: ${fromRound.refusal.message}`);
  return {
    ...fromRound.input,
    masthead: MASTHEAD_2020,
    proposals: {
      title: "Comments of States parties on the discussion points of the seventh meeting of the Working Group on Firearms",
      lead: ["Stemming from the meeting, discussion points for future consideration were identified by the Chair. Some delegations expressed the wish to be able to make comments at a subsequent stage on these discussion points for future consideration, which were as follows:"],
    },
    generalComments: {
      title: "General comments on the discussion points as well as comments in the form of narrative information on national legislation and practices in the field of firearms-control",
    },
  };
}
