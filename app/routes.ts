import { type RouteConfig, index, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("compounds/:compoundId", "routes/compound.tsx"),
  route("rounds/new", "routes/new-round.tsx"),
  route("rounds/:roundId", "routes/round.tsx"),
  route("rounds/:roundId/participate", "routes/participate.tsx"),
  route("rounds/:roundId/options/:optionId", "routes/option.tsx"),
  route("rounds/:roundId/options/:optionId/revise", "routes/revise.tsx"),
  route("rounds/:roundId/cook", "routes/cook.tsx"),
  route("rounds/:roundId/manage", "routes/manage.tsx"),
  route("rounds/:roundId/work", "routes/work.tsx"),
  route("uploads/:name", "routes/upload.tsx"),
  route("reviews", "routes/reviews.tsx"),
  route("sign-in", "routes/sign-in.tsx"),
  route("sign-out", "routes/sign-out.tsx"),
  route("join", "routes/join.tsx"),
  route("me", "routes/me.tsx"),
  route("language", "routes/language.tsx"),
] satisfies RouteConfig;
