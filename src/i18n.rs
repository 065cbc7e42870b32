//! Interface strings (buttons, headings, messages) through Fluent files.
//!
//! One file per language in `static/i18n/<code>.ftl`, embedded in the binary. A
//! message missing in a language falls back to French. Rule texts (themes, questions,
//! referrals) are not here: they live in `rules/`, beside their translations.

use std::borrow::Cow;

use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource, FluentValue};

use crate::assets::Static;
use crate::lang::Lang;

pub struct Catalog {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Catalog({} languages)", self.bundles.len())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    #[error("static/i18n/{0}.ftl is missing")]
    Missing(&'static str),
    #[error("static/i18n/{file}.ftl: {message}")]
    Invalid { file: &'static str, message: String },
}

fn invalid<E: std::fmt::Display>(
    file: &'static str,
    errors: impl IntoIterator<Item = E>,
) -> I18nError {
    let message = errors
        .into_iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("; ");
    I18nError::Invalid { file, message }
}

impl Catalog {
    /// Loads the Fluent file of every language from the embedded `static/i18n/`.
    pub fn embedded() -> Result<Catalog, I18nError> {
        let mut bundles = Vec::new();
        for &lang in Lang::ALL {
            let code = lang.code();
            let file = Static::get(&format!("i18n/{code}.ftl")).ok_or(I18nError::Missing(code))?;
            let source = String::from_utf8(file.data.into_owned())
                .map_err(|_| invalid(code, ["not UTF-8"]))?;
            let resource =
                FluentResource::try_new(source).map_err(|(_, errors)| invalid(code, errors))?;
            let tag: unic_langid::LanguageIdentifier = lang
                .html_tag()
                .parse()
                .map_err(|_| invalid(code, ["bad language tag"]))?;
            let mut bundle = FluentBundle::new_concurrent(vec![tag]);
            // Bidi isolation marks would end up inside attributes and URLs; pages set
            // `dir` on the elements that need it instead.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|errors| invalid(code, errors))?;
            bundles.push((lang, bundle));
        }
        Ok(Catalog { bundles })
    }

    fn bundle(&self, lang: Lang) -> Option<&FluentBundle<FluentResource>> {
        self.bundles
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, bundle)| bundle)
    }

    /// The message `id` in `lang`, else in French, else the id itself (a test checks
    /// that every id the code uses exists in French).
    pub fn get<'a>(
        &'a self,
        lang: Lang,
        id: &'a str,
        args: Option<&FluentArgs<'_>>,
    ) -> Cow<'a, str> {
        for bundle in [self.bundle(lang), self.bundle(Lang::Fr)]
            .into_iter()
            .flatten()
        {
            if let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, args, &mut errors);
                if errors.is_empty() {
                    return text;
                }
                tracing::warn!(
                    message_id = id,
                    lang = lang.code(),
                    "fluent message has errors"
                );
            }
        }
        Cow::Borrowed(id)
    }
}

/// The catalog bound to the language of one page.
#[derive(Clone, Copy)]
pub struct Tr<'a> {
    pub catalog: &'a Catalog,
    pub lang: Lang,
}

impl<'a> Tr<'a> {
    pub fn new(catalog: &'a Catalog, lang: Lang) -> Tr<'a> {
        Tr { catalog, lang }
    }

    pub fn t(&self, id: &'a str) -> Cow<'a, str> {
        self.catalog.get(self.lang, id, None)
    }

    /// A message with arguments: `tr.args("step", &[("n", 2.into()), ("total", 4.into())])`.
    pub fn args(&self, id: &'a str, args: &[(&'static str, FluentValue<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        self.catalog
            .get(self.lang, id, Some(&fluent_args))
            .into_owned()
    }
}
