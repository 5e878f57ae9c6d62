import type { ReactNode } from "react";
import { formatDateTime } from "../format/date-time.ts";
import { formatMoney, type Money } from "../format/money.ts";
import type { Locale } from "../i18n/locales.ts";
import type { Translate } from "../i18n/translate.ts";
import { changesListedApart, markAt, PROPOSAL_PARTS, type DiffMark, type DiffModel, type PartDiffModel, type ProposalPart } from "./diff-view.ts";
import { pricingDisplay, riskMatrix, riskSeverity } from "./pricing-view.ts";
import type { DeskContent, DeskReview, DeskVersion } from "./review-desk.query.ts";

type Totals = Record<"gross" | "discount" | "totalWithoutVat" | "vat" | "totalWithVat", Money>;

export interface DocumentProps {
  version: DeskVersion;
  locale: Locale;
  t: Translate;
  timeZone: string;
  /** The changes since `previousNumber`, null while loading or when there is no earlier version to compare with. */
  diff: DiffModel | null;
  previousNumber: number | null;
  previousTotals: Totals | null;
}

/**
 * SOP-5.2's six parts of one version as a document, SOP-5.3's review comments pinned to the part
 * they are about, and SOP-5.4's changes since the previous version marked where they stand:
 * the old value struck through, an arrow, the new one, and the words "changed" / "new" (never by
 * colour alone); removed entries are listed under their part.
 */
export function VersionDocument({ version, locale, t, timeZone, diff, previousNumber, previousTotals }: DocumentProps) {
  const content = version.content;
  return (
    <div className="version-parts">
      {PROPOSAL_PARTS.map((part, index) => {
        const partDiff = diff?.get(part);
        const comments = commentsOn(version.reviews, part);
        const changeCount = partDiff?.marks.length ?? 0;
        return (
          <section key={part} className="proposal-part" aria-labelledby={`part-${part}`} data-part={part}>
            <h3 id={`part-${part}`}>
              {t("reviews.part.numbered", { n: index + 1, name: t(`reviews.part.${part}`) })}
              {diff && changeCount > 0 && <span className="diff-tag diff-tag-heading">{t("reviews.diff.partChanged", { count: changeCount })}</span>}
            </h3>
            <PartBody part={part} content={content} diff={partDiff} locale={locale} t={t} previousTotals={previousTotals} />
            <ChangesApart marks={changesListedApart(partDiff)} t={t} previousNumber={previousNumber} />
            {comments.length > 0 && (
              <aside className="part-comments" aria-label={t("reviews.comments.onPart", { part: t(`reviews.part.${part}`) })} data-testid={`comments-${part}`}>
                <h4>{t("reviews.comments.title", { count: comments.length })}</h4>
                <ul>
                  {comments.map((comment, commentIndex) => (
                    <li key={commentIndex}>
                      <span className="comment-who">
                        {t("reviews.comments.by", { department: t(`reviews.department.${comment.review.department}`), reviewer: comment.review.reviewer.displayName })}
                        {comment.review.verdict && <> · {t(`reviews.verdict.${comment.review.verdict}`)}</>}
                        {comment.review.submittedAt && (
                          <>
                            {" · "}
                            <time dateTime={comment.review.submittedAt}>{formatDateTime(comment.review.submittedAt, locale, timeZone)}</time>
                          </>
                        )}
                      </span>
                      <p>{comment.text}</p>
                    </li>
                  ))}
                </ul>
              </aside>
            )}
          </section>
        );
      })}
    </div>
  );
}

function commentsOn(reviews: readonly DeskReview[], part: ProposalPart) {
  return reviews.flatMap((review) => review.comments.filter((comment) => comment.part === part).map((comment) => ({ review, text: comment.text })));
}

/** A field of the document, marked when this version changed it. */
function Changed({ mark, t, children }: { mark: DiffMark | undefined; t: Translate; children: ReactNode }) {
  if (!mark) return <>{children}</>;
  if (mark.kind === "added") {
    return (
      <span className="diff diff-added" data-diff-path={mark.path}>
        <span className="diff-tag">{t("reviews.diff.added")}</span> <ins>{children}</ins>
      </span>
    );
  }
  return (
    <span className="diff diff-changed" data-diff-path={mark.path}>
      <span className="diff-tag">{t("reviews.diff.changed")}</span>{" "}
      <del>
        <span className="visually-hidden">{t("reviews.diff.before")}</span>
        {mark.before}
      </del>{" "}
      <span aria-hidden="true">→</span>{" "}
      <ins>
        <span className="visually-hidden">{t("reviews.diff.after")}</span>
        {children}
      </ins>
    </span>
  );
}

/** An entry of a list (a table row, a list item) that is new in this version: said in words. */
function AddedTag({ mark, t }: { mark: DiffMark | undefined; t: Translate }) {
  return mark?.kind === "added" ? (
    <span className="diff-tag" data-diff-path={mark.path}>
      {t("reviews.diff.added")}
    </span>
  ) : null;
}

function ChangesApart({ marks, t, previousNumber }: { marks: DiffMark[]; t: Translate; previousNumber: number | null }) {
  if (marks.length === 0) return null;
  return (
    <div className="diff-apart">
      <h4>{t("reviews.diff.apartTitle", { number: previousNumber ?? "" })}</h4>
      <ul>
        {marks.map((mark) => (
          <li key={mark.path} className={`diff diff-${mark.kind}`} data-diff-path={mark.path}>
            <span className="diff-tag">{t(`reviews.diff.${mark.kind}`)}</span> {mark.label}
            {mark.kind !== "added" && (
              <>
                {": "}
                <del>
                  <span className="visually-hidden">{t("reviews.diff.before")}</span>
                  {mark.before}
                </del>
              </>
            )}
            {mark.kind !== "removed" && (
              <>
                {mark.kind === "changed" ? <span aria-hidden="true"> → </span> : ": "}
                <ins>
                  <span className="visually-hidden">{t("reviews.diff.after")}</span>
                  {mark.after}
                </ins>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface PartProps {
  part: ProposalPart;
  content: DeskContent;
  diff: PartDiffModel | undefined;
  locale: Locale;
  t: Translate;
  previousTotals: Totals | null;
}

function PartBody(props: PartProps) {
  const { part, content, t } = props;
  const missing = <p className="hint">{t("reviews.part.missing")}</p>;
  switch (part) {
    case "NEEDS_ANALYSIS":
      return content.needsAnalysis ? <NeedsAnalysis {...props} needs={content.needsAnalysis} /> : missing;
    case "SOLUTION":
      return content.solution ? <SolutionPart {...props} solution={content.solution} /> : missing;
    case "PRODUCT_INTRODUCTION":
      return content.productIntroduction ? <ProductPart {...props} product={content.productIntroduction} /> : missing;
    case "IMPLEMENTATION_PLAN":
      return content.implementationPlan ? <Milestones {...props} plan={content.implementationPlan} /> : missing;
    case "PRICING":
      return content.pricing ? <Pricing {...props} pricing={content.pricing} /> : missing;
    case "RISKS":
      return content.risks ? <Risks {...props} risks={content.risks} /> : missing;
  }
}

function NeedsAnalysis({ needs, diff, t }: PartProps & { needs: NonNullable<DeskContent["needsAnalysis"]> }) {
  return (
    <>
      <p>
        <Changed mark={markAt(diff, "needsAnalysis.summary")} t={t}>
          {needs.summary}
        </Changed>
      </p>
      <table className="data-table doc-table">
        <caption>{t("reviews.needs.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("reviews.field.pain")}</th>
            <th scope="col">{t("reviews.field.cause")}</th>
          </tr>
        </thead>
        <tbody>
          {needs.painPoints.map((point, index) => {
            const at = `needsAnalysis.painPoints[${index}]`;
            return (
              <tr key={index}>
                <th scope="row">
                  <AddedTag mark={markAt(diff, at)} t={t} />{" "}
                  <Changed mark={markAt(diff, `${at}.pain`)} t={t}>
                    {point.pain}
                  </Changed>
                </th>
                <td>
                  <Changed mark={markAt(diff, `${at}.cause`)} t={t}>
                    {point.cause}
                  </Changed>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function SolutionPart({ solution, diff, t }: PartProps & { solution: NonNullable<DeskContent["solution"]> }) {
  return (
    <dl className="doc-fields">
      <dt>{t("reviews.field.summary")}</dt>
      <dd>
        <Changed mark={markAt(diff, "solution.summary")} t={t}>
          {solution.summary}
        </Changed>
      </dd>
      <dt>{t("reviews.field.configuration")}</dt>
      <dd>
        <Changed mark={markAt(diff, "solution.configuration")} t={t}>
          {solution.configuration}
        </Changed>
      </dd>
    </dl>
  );
}

function TextList({ items, base, diff, t }: { items: readonly string[]; base: string; diff: PartDiffModel | undefined; t: Translate }) {
  return (
    <ul>
      {items.map((item, index) => (
        <li key={index}>
          <Changed mark={markAt(diff, `${base}[${index}]`)} t={t}>
            {item}
          </Changed>
        </li>
      ))}
    </ul>
  );
}

function ProductPart({ product, diff, t }: PartProps & { product: NonNullable<DeskContent["productIntroduction"]> }) {
  return (
    <>
      <p>
        <Changed mark={markAt(diff, "productIntroduction.summary")} t={t}>
          {product.summary}
        </Changed>
      </p>
      <h4>{t("reviews.product.strengths")}</h4>
      <TextList items={product.strengths} base="productIntroduction.strengths" diff={diff} t={t} />
      <h4>{t("reviews.product.caseStudies")}</h4>
      <TextList items={product.caseStudies} base="productIntroduction.caseStudies" diff={diff} t={t} />
    </>
  );
}

function Milestones({ plan, diff, t }: PartProps & { plan: NonNullable<DeskContent["implementationPlan"]> }) {
  return (
    <ol className="timeline" aria-label={t("reviews.plan.timeline")}>
      {plan.milestones.map((milestone, index) => {
        const at = `implementationPlan.milestones[${index}]`;
        return (
          <li key={index} className="timeline-step">
            <span className="timeline-date">
              <Changed mark={markAt(diff, `${at}.date`)} t={t}>
                {milestone.date ? <time dateTime={milestone.date}>{milestone.date}</time> : t("reviews.plan.undated")}
              </Changed>
            </span>
            <div className="timeline-body">
              <strong>
                <AddedTag mark={markAt(diff, at)} t={t} />{" "}
                <Changed mark={markAt(diff, `${at}.name`)} t={t}>
                  {milestone.name}
                </Changed>
              </strong>
              <dl className="doc-fields doc-fields-inline">
                <dt>{t("reviews.field.deliverable")}</dt>
                <dd>
                  <Changed mark={markAt(diff, `${at}.deliverable`)} t={t}>
                    {milestone.deliverable}
                  </Changed>
                </dd>
                <dt>{t("reviews.field.owner")}</dt>
                <dd>
                  <Changed mark={markAt(diff, `${at}.owner`)} t={t}>
                    {milestone.owner}
                  </Changed>
                </dd>
              </dl>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function TotalCell({ now, before, label, t, locale }: { now: Money; before: Money | undefined; label: string; t: Translate; locale: Locale }) {
  const shown = formatMoney(now, locale);
  const changed = before && (before.amount !== now.amount || before.currency !== now.currency);
  const mark: DiffMark | undefined = changed ? { path: `pricing.totals.${label}`, kind: "changed", label, before: formatMoney(before, locale), after: shown } : undefined;
  return (
    <td className="num">
      <Changed mark={mark} t={t}>
        {shown}
      </Changed>
    </td>
  );
}

function Pricing({ pricing, diff, locale, t, previousTotals }: PartProps & { pricing: NonNullable<DeskContent["pricing"]> }) {
  const shown = pricingDisplay(pricing, locale);
  const totals = pricing.totals;
  return (
    <>
      <p className="hint">
        {t("reviews.pricing.currency")}{" "}
        <Changed mark={markAt(diff, "pricing.currency")} t={t}>
          {shown.currency}
        </Changed>
      </p>
      {/* A wide table scrolls sideways: the region takes the focus so a keyboard can scroll it. */}
      <div className="table-scroll" role="region" aria-label={t("reviews.pricing.linesCaption")} tabIndex={0}>
        <table className="data-table doc-table" data-testid="pricing-lines">
          <caption>{t("reviews.pricing.linesCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reviews.field.product")}</th>
              <th scope="col" className="num">{t("reviews.field.quantity")}</th>
              <th scope="col" className="num">{t("reviews.field.unitPrice")}</th>
              <th scope="col" className="num">{t("reviews.field.discountBasisPoints")}</th>
              <th scope="col" className="num">{t("reviews.pricing.net")}</th>
              <th scope="col" className="num">{t("reviews.field.vatRateBasisPoints")}</th>
              <th scope="col" className="num">{t("reviews.pricing.vat")}</th>
              <th scope="col" className="num">{t("reviews.pricing.lineTotal")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.lines.map((line, index) => {
              const at = `pricing.lines[${index}]`;
              return (
                <tr key={index}>
                  <th scope="row">
                    <AddedTag mark={markAt(diff, at)} t={t} />{" "}
                    <Changed mark={markAt(diff, `${at}.product`)} t={t}>
                      {line.product}
                    </Changed>
                  </th>
                  <td className="num">
                    <Changed mark={markAt(diff, `${at}.quantity`)} t={t}>
                      {line.quantity}
                    </Changed>
                  </td>
                  <td className="num">
                    <Changed mark={markAt(diff, `${at}.unitPrice.amount`)} t={t}>
                      {line.unitPrice}
                    </Changed>
                    <span className="cell-note">
                      <Changed mark={markAt(diff, `${at}.pricesIncludeVat`)} t={t}>
                        {t(line.pricesIncludeVat ? "reviews.pricing.vatIncluded" : "reviews.pricing.vatAdded")}
                      </Changed>
                    </span>
                  </td>
                  <td className="num">
                    <Changed mark={markAt(diff, `${at}.discountBasisPoints`)} t={t}>
                      {line.discountRate}
                    </Changed>
                    <span className="cell-note">−{line.discount}</span>
                  </td>
                  <td className="num">{line.net}</td>
                  <td className="num">
                    <Changed mark={markAt(diff, `${at}.vatRateBasisPoints`)} t={t}>
                      {line.vatRate}
                    </Changed>
                  </td>
                  <td className="num">{line.vat}</td>
                  <td className="num">{line.totalWithVat}</td>
                </tr>
              );
            })}
          </tbody>
          {totals && (
            <tfoot>
              {(["gross", "discount", "totalWithoutVat", "vat", "totalWithVat"] as const).map((key) => (
                <tr key={key} className={key === "totalWithVat" ? "total-row" : undefined}>
                  <th scope="row" colSpan={7}>
                    {t(`reviews.pricing.total.${key}`)}
                  </th>
                  <TotalCell now={totals[key]} before={previousTotals?.[key]} label={key} t={t} locale={locale} />
                </tr>
              ))}
            </tfoot>
          )}
        </table>
      </div>
      {shown.paymentOptions.map((option, optionIndex) => {
        const at = `pricing.paymentOptions[${optionIndex}]`;
        return (
          <div key={optionIndex} className="payment-option">
            <h4>
              <AddedTag mark={markAt(diff, at)} t={t} />{" "}
              {t("reviews.pricing.option", { n: optionIndex + 1 })}{" "}
              <Changed mark={markAt(diff, `${at}.name`)} t={t}>
                {option.name}
              </Changed>
            </h4>
            <p>
              <Changed mark={markAt(diff, `${at}.description`)} t={t}>
                {option.description}
              </Changed>
            </p>
            <div className="pros-cons">
              <div>
                <h5>{t("reviews.pricing.pros")}</h5>
                <TextList items={option.pros} base={`${at}.pros`} diff={diff} t={t} />
              </div>
              <div>
                <h5>{t("reviews.pricing.cons")}</h5>
                <TextList items={option.cons} base={`${at}.cons`} diff={diff} t={t} />
              </div>
            </div>
            <table className="data-table doc-table" data-testid={`instalments-${optionIndex}`}>
              <caption>{t("reviews.pricing.instalmentsCaption", { name: option.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("reviews.field.trigger")}</th>
                  <th scope="col" className="num">{t("reviews.field.percentBasisPoints")}</th>
                  <th scope="col">{t("reviews.field.dueDays")}</th>
                  <th scope="col" className="num">{t("reviews.pricing.instalmentAmount")}</th>
                </tr>
              </thead>
              <tbody>
                {option.instalments.map((instalment, index) => {
                  const step = `${at}.instalments[${index}]`;
                  return (
                    <tr key={index}>
                      <th scope="row">
                        <AddedTag mark={markAt(diff, step)} t={t} />{" "}
                        <Changed mark={markAt(diff, `${step}.trigger`)} t={t}>
                          {t(`reviews.trigger.${instalment.trigger as "ADVANCE"}`)}
                        </Changed>
                      </th>
                      <td className="num">
                        <Changed mark={markAt(diff, `${step}.percentBasisPoints`)} t={t}>
                          {instalment.share}
                        </Changed>
                      </td>
                      <td>
                        <Changed mark={markAt(diff, `${step}.dueDays`)} t={t}>
                          {instalment.dueDays === null ? t("reviews.pricing.dueOnTrigger") : t("reviews.pricing.dueDays", { days: instalment.dueDays })}
                        </Changed>
                      </td>
                      <td className="num">{instalment.amount ?? ""}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      })}
      <p className="hint">{t("reviews.pricing.instalmentNote")}</p>
    </>
  );
}

function Risks({ risks, diff, t }: PartProps & { risks: NonNullable<DeskContent["risks"]> }) {
  const matrix = riskMatrix(risks.risks);
  return (
    <>
      <table className="data-table doc-table risk-list">
        <caption>{t("reviews.risks.listCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("reviews.risks.number")}</th>
            <th scope="col">{t("reviews.field.risk")}</th>
            <th scope="col">{t("reviews.field.likelihood")}</th>
            <th scope="col">{t("reviews.field.impact")}</th>
            <th scope="col">{t("reviews.field.countermeasure")}</th>
          </tr>
        </thead>
        <tbody>
          {risks.risks.map((risk, index) => {
            const at = `risks.risks[${index}]`;
            return (
              <tr key={index}>
                <td>{index + 1}</td>
                <th scope="row">
                  <AddedTag mark={markAt(diff, at)} t={t} />{" "}
                  <Changed mark={markAt(diff, `${at}.risk`)} t={t}>
                    {risk.risk}
                  </Changed>
                </th>
                <td>
                  <Changed mark={markAt(diff, `${at}.likelihood`)} t={t}>
                    {t(`reviews.level.${risk.likelihood}`)}
                  </Changed>
                </td>
                <td>
                  <Changed mark={markAt(diff, `${at}.impact`)} t={t}>
                    {t(`reviews.level.${risk.impact}`)}
                  </Changed>
                </td>
                <td className="wrap">
                  <Changed mark={markAt(diff, `${at}.countermeasure`)} t={t}>
                    {risk.countermeasure}
                  </Changed>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <table className="risk-matrix" data-testid="risk-matrix">
        <caption>{t("reviews.risks.matrixCaption")}</caption>
        <thead>
          <tr>
            <td />
            {matrix[0]!.cells.map((cell) => (
              <th key={cell.likelihood} scope="col">
                {t("reviews.risks.likelihoodIs", { level: t(`reviews.level.${cell.likelihood}`) })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row) => (
            <tr key={row.impact}>
              <th scope="row">{t("reviews.risks.impactIs", { level: t(`reviews.level.${row.impact}`) })}</th>
              {row.cells.map((cell) => {
                const severity = riskSeverity(cell.likelihood, row.impact);
                return (
                  <td key={cell.likelihood} className={`risk-cell risk-${severity.toLowerCase()}`}>
                    <span className="visually-hidden">{t("reviews.risks.severity", { level: t(`reviews.level.${severity}`) })}</span>
                    {cell.risks.length > 0 ? t("reviews.risks.cell", { numbers: cell.risks.join(", ") }) : ""}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
