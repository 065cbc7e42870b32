// Every kind of page of aiguillage, with the answers that lead to it.
// `status` is the expected HTTP status (200 unless said).

const questions = [
  "/",
  "/question?theme=caf",
  "/question?theme=caf&need=demarche",
  "/question?theme=acces",
  "/question?theme=acces&device=smartphone",
  "/question?theme=apprendre",
  "/question?theme=apprendre&near=16000",
  "/question?theme=apprendre&near=17000",
];

const placeProblems = ["/question?theme=apprendre&near=99999", "/question?theme=apprendre&near=Saint-Martin"];

const recaps = ["/recapitulatif?theme=impots&need=demarche&autonomy=learn&near=16000&pass_public=yes"];

const places = [
  "/orientation?theme=caf&need=dossier&near=17000",
  "/orientation?theme=ecole&autonomy=for_me&near=16000",
  "/orientation?theme=caf&need=dossier&near=16300",
  "/orientation?theme=caf&need=dossier&near=99999",
  "/orientation?theme=apprendre&pass_public=yes&near=17000",
  "/lieux/france-services-110",
  "/annuaire",
  "/annuaire?near=Angoul%C3%AAme&kind=aidants_connect",
  "/annuaire?near=16300&kind=mediation",
  "/a-propos",
];

const referrals = [
  "theme=arnaque",
  "theme=equipement",
  "theme=acces&device=smartphone&internet=no",
  "theme=acces&device=none",
  "theme=apprendre&near=16000&pass_public=yes",
  "theme=apprendre&near=75011",
  "theme=caf&need=dossier",
  "theme=ecole&autonomy=for_me",
  "theme=emploi&need=demarche&autonomy=alone&device=smartphone&internet=yes",
].map((answers) => `/orientation?${answers}`);

const chat = [
  "/chat",
  "/chat?propose=caf",
  "/chat?choisir=incompris",
  "/chat?theme=caf",
  "/chat?theme=caf&incompris=1",
  "/chat?theme=apprendre",
  "/chat?theme=caf&need=dossier&near=16000",
];

export const pages = [
  ...questions.map((path) => ({ path })),
  ...placeProblems.map((path) => ({ path })),
  ...recaps.map((path) => ({ path })),
  ...referrals.map((path) => ({ path })),
  ...places.map((path) => ({ path })),
  ...chat.map((path) => ({ path })),
  { path: "/stats?from=2026-01-01&to=2026-12-31", admin: true },
  { path: "/lieux/nulle-part", status: 404 },
  { path: "/question?theme=inconnu", status: 400 },
  { path: "/nulle-part", status: 404 },
];
