// Every kind of page of aiguillage, with the answers that lead to it, and the
// variants audited: every language, the kiosk, the display options, reception.
// `status` is the expected HTTP status (200 unless said); `full` pages get every
// check (keyboard, targets, reflow, without CSS), the others axe and reflow.

const questions = [
  "/",
  "/question?theme=caf",
  "/question?theme=caf&need=demarche",
  "/question?theme=acces",
  "/question?theme=acces&device=smartphone",
  "/question?theme=apprendre",
  "/question?theme=apprendre&near=16000",
  "/question?theme=apprendre&near=17000",
  "/question?theme=apprendre&near=99999",
  "/question?theme=apprendre&near=Saint-Martin",
  "/recapitulatif?theme=impots&need=demarche&autonomy=learn&near=16000&pass_public=yes",
];

const referrals = [
  "theme=arnaque&near=16000",
  "theme=equipement&near=16000",
  "theme=acces&device=smartphone&internet=no&near=16000",
  "theme=acces&device=none&near=17000",
  "theme=apprendre&near=16000&pass_public=yes",
  "theme=apprendre&near=17000&pass_public=yes",
  "theme=apprendre&near=75011",
  "theme=caf&need=dossier&near=17000",
  "theme=caf&need=dossier&near=16300",
  "theme=caf&need=dossier&near=99999",
  "theme=caf&need=dossier",
  "theme=ecole&autonomy=for_me&near=16000",
  "theme=emploi&need=demarche&autonomy=alone&device=smartphone&internet=yes",
].map((answers) => `/orientation?${answers}`);

const other = [
  "/lieux/france-services-110",
  "/annuaire",
  "/annuaire?near=Angoul%C3%AAme&kind=aidants_connect",
  "/annuaire?near=16300&kind=mediation",
  "/a-propos",
  "/chat",
  "/chat?propose=caf",
  "/chat?choisir=incompris",
  "/chat?theme=caf&incompris=1",
  "/chat?theme=apprendre",
  "/chat?theme=caf&need=dossier&near=16000",
  "/accueil",
  "/accueil?theme=caf",
  "/accueil?theme=caf&need=dossier&near=16000",
  "/toujours-la?theme=caf&retour=%2Fquestion",
];

const errors = [
  { path: "/question?theme=inconnu", status: 400 },
  { path: "/nulle-part", status: 404 },
  { path: "/lieux/nulle-part", status: 404 },
];

const every = [...questions, ...referrals, ...other];
const join = (path, extra) => path + (path.includes("?") ? "&" : "?") + extra;
const languages = ["falc", "en", "ar", "es", "pt", "uk", "tr", "prs"];

export const pages = [
  // French, every check.
  ...every.map((path) => ({ path, full: true })),
  ...errors.map((page) => ({ ...page, full: true })),
  { path: "/stats?from=2026-01-01&to=2026-12-31", admin: true, full: true },
  // Every other language.
  ...languages.flatMap((lang) => [...every, ...errors.map((e) => e.path)].map((path) => {
    const error = errors.find((e) => e.path === path);
    return { path: join(path, `lang=${lang}`), status: error ? error.status : 200 };
  })),
  // The kiosk, in French and in Arabic, every check.
  ...every.map((path) => ({ path: join(path, "borne=1"), full: true })),
  ...every.map((path) => ({ path: join(path, "borne=1&lang=ar") })),
  // Larger text and high contrast.
  ...every.map((path) => ({ path: join(path, "texte=grand&contraste=fort") })),
];

// Pages printed as a slip: one A4 page, and a receipt roll without overflow.
export const slips = [
  ...referrals.filter((path) => !path.includes("99999") && path.includes("near=")).map((path) => join(path, "lang=fr")),
  ...referrals.filter((path) => path.includes("near=1")).map((path) => join(path, "lang=ar")),
  ...referrals.filter((path) => path.includes("near=16000")).map((path) => join(path, "lang=falc")),
  "/accueil?theme=caf&need=dossier&near=16000",
];
