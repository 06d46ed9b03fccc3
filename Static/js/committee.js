// The committee composition rule (招标投标法 art. 37, docs/DESIGN.md §5), shown live in the
// committee builder; the server still decides. Members are {userId, kind: "expert"|"representative"}.
export function composition(members) {
  return { size: members.length, experts: members.filter((m) => m.kind === "expert").length };
}

/** Problems as translation keys (empty when the committee satisfies the rule). */
export function problems(members, chairId, minSize) {
  const { size, experts } = composition(members);
  const out = [];
  if (size < minSize) out.push("committee.tooSmall");
  if (size % 2 === 0) out.push("committee.even");
  if (3 * experts < 2 * size) out.push("committee.fewExperts");
  if (!members.some((m) => m.userId === chairId)) out.push("committee.chair");
  return out;
}
