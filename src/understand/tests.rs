//! Unit tests of understanding, on the shipped rules: what residents write and what it
//! must come out as.

use std::sync::LazyLock;

use super::{Understander, Understanding};
use crate::lang::Lang;
use crate::rules::Rules;

static RULES: LazyLock<Rules> =
    LazyLock::new(|| Rules::load(None).expect("the shipped rules load").0);
static UNDERSTANDER: LazyLock<Understander> = LazyLock::new(|| Understander::new(&RULES));

fn understand(text: &str) -> Understanding {
    UNDERSTANDER.understand(text, Lang::Fr)
}

/// The id of the theme understood, or "none".
fn theme(text: &str) -> &'static str {
    understand(text)
        .theme
        .map_or("none", |ix| RULES.themes[ix].id.as_str())
}

/// The facts stated, as "fact=value".
fn facts(text: &str) -> Vec<String> {
    understand(text)
        .facts
        .iter()
        .map(|(fact, value)| {
            let fact = RULES.fact(*fact);
            format!("{}={}", fact.id, fact.choices[usize::from(*value)].value)
        })
        .collect()
}

fn assert_themes(cases: &[(&str, &str)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(text, expected)| theme(text) != *expected)
        .map(|(text, expected)| {
            let explained = UNDERSTANDER.explain(text, &RULES).join("; ");
            format!(
                "{text:?}: expected {expected}, got {} ({explained})",
                theme(text)
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn residents_own_words_are_understood() {
    assert_themes(&[
        ("pole emploie actualisation", "emploi"),
        ("mon fils pronote", "ecole"),
        ("sms bizarre colis", "arnaque"),
        ("jarive pa a me conecter a la caf", "compte"),
        ("carte vitale", "sante"),
        ("impots", "impots"),
    ]);
}

#[test]
fn case_accents_apostrophes_and_punctuation_do_not_matter() {
    assert_themes(&[
        ("IMPÔTS !!!", "impots"),
        ("Impots...", "impots"),
        ("l'APL", "caf"),
        ("l’apl", "caf"),
        ("Sécu", "sante"),
        ("SECU", "sante"),
        ("PÔLE-EMPLOI", "emploi"),
    ]);
}

#[test]
fn sms_spellings_are_read_as_the_words_they_stand_for() {
    assert_themes(&[
        ("jai oublié mon mdp", "compte"),
        ("c koi franceconnect", "compte"),
        ("slt jsp comment m actualiser", "emploi"),
    ]);
    assert_eq!(facts("jai pa d ordi"), ["device=none"]);
}

#[test]
fn small_typos_in_long_words_are_forgiven() {
    assert_themes(&[
        ("declaraton de revenus", "impots"),
        ("alocations familiales", "caf"),
        ("pronotte", "ecole"),
        ("pasport perdu", "identite"),
        ("jarrive pas a me conecter", "compte"),
    ]);
}

#[test]
fn other_forms_of_a_word_are_found_by_its_stem() {
    assert_themes(&[
        ("mes allocations", "caf"),
        ("l'impôt", "impots"),
        ("les retraités", "retraite"),
        ("imprimante", "acces"),
        ("I was scammed", "arnaque"),
    ]);
}

#[test]
fn a_phrase_takes_precedence_over_its_words() {
    assert_themes(&[
        ("emploi du temps de ma fille", "ecole"),
        ("mot de passe", "compte"),
        ("france travail", "emploi"),
        ("pole emploi", "emploi"),
        ("cumul emploi retraite", "retraite"),
    ]);
}

#[test]
fn scam_signals_beat_the_body_they_impersonate() {
    assert_themes(&[
        ("SMS de l'assurance maladie avec un lien", "arnaque"),
        (
            "j'ai reçu un sms ameli qui demande de cliquer sur un lien",
            "arnaque",
        ),
        ("faux conseiller caf au téléphone", "arnaque"),
        ("mail des impots il demande mon rib", "arnaque"),
    ]);
}

#[test]
fn cafe_is_not_the_caf() {
    assert_themes(&[
        ("café", "none"),
        ("je veux un café", "none"),
        ("la machine à café", "none"),
        ("caf", "caf"),
    ]);
}

#[test]
fn out_of_scope_texts_are_not_given_the_nearest_theme() {
    for text in [
        "où sont les toilettes",
        "je veux un café",
        "bonjour",
        "quel temps fait-il",
        "azertyuiop",
        "merci beaucoup",
        "j'ai mal au dos",
        "where is the bathroom",
        "",
        "   ",
        "?!",
    ] {
        let understood = understand(text);
        assert_eq!(understood.theme, None, "{text:?}: {understood:?}");
        assert!(understood.confidence > 0.5, "{text:?}: {understood:?}");
    }
}

#[test]
fn a_typo_in_a_short_word_is_forgiven_where_the_phrase_around_it_is_right() {
    assert_themes(&[
        ("inscription fance travail", "emploi"),
        ("carte vitalle perdu", "sante"),
        ("mot de pase oublié", "compte"),
        ("emploi du temp de ma fille", "ecole"),
        // Alone, a short word with a typo is not guessed.
        ("fance", "none"),
    ]);
}

#[test]
fn words_of_a_phrase_glued_together_are_split() {
    assert_themes(&[
        ("cartevitale perdue", "sante"),
        ("polemploi", "emploi"),
        ("motdepasse oublié", "compte"),
        // Only words of one phrase: « maintenant » is not « main » and « tenant ».
        ("combien coûte la baguette maintenant", "none"),
    ]);
}

#[test]
fn a_theme_word_used_for_something_else_points_to_no_theme() {
    assert_themes(&[
        ("la retraite aux flambeaux c'est à quelle heure", "none"),
        ("ma retraite", "retraite"),
        ("je veux apprendre la guitare", "none"),
        ("je veux apprendre l'informatique", "apprendre"),
        ("le compte rendu de la réunion", "none"),
        ("je cherche un frigo d'occasion pas cher", "none"),
        ("je cherche un ordinateur d'occasion pas cher", "equipement"),
    ]);
}

#[test]
fn a_negation_flips_the_fact_it_denies() {
    assert_eq!(facts("je n'ai pas d'ordinateur"), ["device=none"]);
    assert_eq!(facts("pas de téléphone"), ["device=none"]);
    assert_eq!(facts("sans internet"), ["internet=no"]);
    assert_eq!(facts("I don't have a computer"), ["device=none"]);
    assert_eq!(
        facts("j'ai un ordi mais pas internet"),
        ["device=computer", "internet=no"]
    );
    assert_eq!(facts("j'ai un ordinateur"), ["device=computer"]);
}

#[test]
fn when_two_answers_are_stated_the_one_listed_last_wins() {
    assert_eq!(
        facts("pas d'ordinateur, juste mon téléphone"),
        ["device=smartphone"]
    );
    assert_eq!(
        facts("je veux apprendre à le faire tout seul"),
        ["autonomy=learn"]
    );
}

#[test]
fn facts_stated_in_words_are_found() {
    assert_eq!(facts("faites-le pour moi"), ["autonomy=for_me"]);
    assert_eq!(facts("je veux apprendre"), ["autonomy=learn"]);
    assert_eq!(facts("je ne veux pas apprendre"), Vec::<String>::new());
    assert_eq!(facts("je veux le faire moi-même"), ["autonomy=alone"]);
    assert_eq!(facts("ma caf a bloqué mes droits"), ["need=dossier"]);
    assert_eq!(
        facts("je n'ai toujours pas reçu mon argent"),
        ["need=dossier"]
    );
    assert_eq!(
        facts("je voudrais faire une demande d'APL"),
        ["need=demarche"]
    );
}

#[test]
fn candidates_are_ranked_with_scores_and_the_theme_is_the_first() {
    let understood = understand("j'ai oublié le mot de passe de mon espace caf");
    let first = understood.candidates.first().expect("a candidate");
    assert_eq!(understood.theme, Some(first.0));
    assert!(understood.candidates.len() >= 2, "{understood:?}");
    assert!(understood.candidates.len() <= super::MAX_CANDIDATES);
    assert!(
        understood
            .candidates
            .windows(2)
            .all(|pair| pair[0].1 >= pair[1].1)
    );
    assert!(
        understood
            .candidates
            .iter()
            .all(|(_, score)| (0.0..=1.0).contains(score))
    );
    assert!((0.0..=1.0).contains(&understood.confidence));
}

#[test]
fn clear_texts_are_surer_than_ambiguous_ones() {
    let clear = understand("problème avec ma déclaration trimestrielle RSA à la CAF");
    let ambiguous = understand("pronote mot de passe caf ameli");
    assert!(clear.confidence > ambiguous.confidence);
}

#[test]
fn weird_input_never_panics_and_is_understood_as_nothing() {
    let invalid = String::from_utf8_lossy(&[0xff, 0xfe, b'c', 0xc3]).into_owned();
    let huge = "caf ".repeat(256 * 1024);
    let huge_word = "a".repeat(1024 * 1024);
    let texts = [
        String::new(),
        "\0\0\0".to_owned(),
        "😀🙏🏽👨‍👩‍👧‍👦".to_owned(),
        "ﷺ مرحبا אבג 你好 こんにちは".to_owned(),
        "e\u{301}\u{301}\u{301}\u{200b}\u{202e}\u{feff}".to_owned(),
        "ǅ ﬃ İ ß Σ ᾼ".to_owned(),
        "\u{10ffff}\u{e000}".to_owned(),
        invalid,
        "'''---...,,,|||".to_owned(),
        huge_word,
    ];
    for text in &texts {
        let understood = understand(text);
        assert_eq!(understood.theme, None, "{text:?}");
        assert!(understood.facts.is_empty());
    }
    // A megabyte of text: only its beginning is read, and it is still understood.
    assert_eq!(theme(&huge), "caf");
}

#[test]
fn asking_for_it_to_be_done_rules_out_learning_when_another_theme_is_named() {
    assert_themes(&[
        (
            "je sais pas me servir d'internet, vous pouvez faire ma demande de retraite à ma place",
            "retraite",
        ),
        (
            "je sais pas me servir d'internet, je voudrais faire ma demande de retraite",
            "apprendre",
        ),
        // Nothing else named: learning stays the best guess.
        (
            "je sais pas me servir d'internet, faites-le pour moi",
            "apprendre",
        ),
    ]);
}

#[test]
fn wanting_to_learn_a_procedure_is_coming_to_learn_it() {
    assert_themes(&[
        (
            "je voudrais apprendre à déclarer mes revenus sur internet, je veux le faire moi-même",
            "apprendre",
        ),
        ("je voudrais déclarer mes revenus sur internet", "impots"),
        // Learning a job-search skill stays with the job search: the phrase of emploi
        // holds the word that would say learning.
        ("je veux apprendre à faire mon CV moi-même", "emploi"),
        // A text only hinting at learning is about what it names.
        (
            "vous pouvez m'expliquer comment voir les absences sur pronote",
            "ecole",
        ),
    ]);
}

#[test]
fn a_phrase_inside_a_longer_one_gives_no_answer_of_its_own() {
    assert_eq!(
        facts("je ne veux pas qu'on fasse à ma place, je veux comprendre"),
        ["autonomy=learn"]
    );
    assert_eq!(facts("faites-le à ma place"), ["autonomy=for_me"]);
}

#[test]
fn a_longer_phrase_says_at_least_what_the_phrase_inside_it_says() {
    // "mdp perdu" is an ordinary phrase of accounts; it holds "mot de passe", a strong
    // one, which it hides: it must not weigh less, or the site's name wins (convention 1
    // of the evaluation sets: a lost password on any site is an account problem).
    assert_themes(&[
        ("mon espace santé mot de passe perdu", "compte"),
        ("mot de passe perdu sur ameli", "compte"),
    ]);
}

#[test]
fn what_a_sentence_says_is_settled_points_to_no_theme() {
    assert_themes(&[
        (
            "J'ai fait ma carte grise en ligne l'an dernier, tout est en règle. Vous \
             connaissez un garagiste pas cher ?",
            "none",
        ),
        (
            "Mon ordinateur marche très bien depuis que vous l'avez nettoyé. Vous auriez \
             une idée de cadeau pour ma petite-fille ?",
            "none",
        ),
        // Only what comes before the settled phrase, in its sentence.
        (
            "ma carte vitale est bien à jour, mais ameli ne me rembourse pas mes lunettes",
            "sante",
        ),
        (
            "Je ne peux pas tout régler d'un coup, je voudrais payer mon impôt en plusieurs fois",
            "impots",
        ),
    ]);
}

#[test]
fn the_same_words_read_as_written_hide_a_reading_with_a_typo() {
    // « envoyé un courrier » (an `elsewhere` phrase) is not « envoyer un courriel ».
    assert_themes(&[(
        "la caf m'a envoyé un courrier pour un contrôle à domicile, ça se passe comment",
        "caf",
    )]);
}

#[test]
fn a_request_that_is_not_ours_makes_the_rest_of_the_text_background() {
    assert_themes(&[
        (
            "Ma retraite est enfin versée depuis le mois dernier. Maintenant je m'ennuie. \
             Vous connaissez un club de scrabble dans le quartier ?",
            "none",
        ),
        (
            "Je suis au chômage depuis deux mois. Hier j'ai raté mon gâteau au chocolat. \
             Vous savez pourquoi un gâteau retombe ?",
            "none",
        ),
        // Hints beside the request do not keep the story as the request.
        (
            "La CAF m'a versé l'APL. Vous connaissez un plombier pas cher ?",
            "none",
        ),
        // A theme named in the asking sentence is the request.
        (
            "Mon chien est malade. Je dois payer le vétérinaire, ma CAF peut m'aider ?",
            "caf",
        ),
        // One sentence tells nothing apart from the request.
        (
            "je cherche un plombier mais d'abord mon RSA est suspendu",
            "caf",
        ),
        // Named after the last sentence naming a theme, the request is the question's.
        (
            "Je suis à la retraite depuis le printemps. Je voudrais faire du bénévolat. \
             Vous savez à qui je peux m'adresser ?",
            "none",
        ),
        // Named before the theme, it is only the story.
        (
            "J'ai perdu mon portefeuille au marché de Noël avec ma carte vitale. Je sais \
             pas comment en commander une autre. Vous pouvez m'aider ?",
            "sante",
        ),
        // A theme's hint can also be a request that is not ours.
        (
            "J'ai reçu mon avis d'impôt. Vous avez une idée de cadeau pour mon petit-fils ?",
            "none",
        ),
        // Without a request that is not ours, the story is the request.
        (
            "Ma carte vitale est passée à la machine. Comment j'en refais une ?",
            "sante",
        ),
    ]);
}
