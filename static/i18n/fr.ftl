# Interface strings, in French (the reference language).
# Plain words, short sentences. Rule texts (themes, questions, referrals) are in rules/.

skip-link = Aller au contenu
footer-help = Besoin d'aide ?
home-intro = Répondez à quelques questions. Nous vous disons où trouver de l'aide, près de chez vous.
step = Question { $n } sur { $total }
back = Retour
place-submit = Valider
place-not-found = Nous ne trouvons pas « { $query } ». Vérifiez le code postal ou le nom de la commune.
place-choose = Plusieurs communes correspondent. Choisissez la vôtre.
recap-title = Vérifiez vos réponses
recap-intro = Pour changer une réponse, touchez « Modifier ».
change = Modifier
see-referral = Voir où aller
referral-eyebrow = Notre conseil
why = Pourquoi ?
what-to-do = Que faire ?
contact = Qui contacter ?
programme-who = Pour qui ?
programme-get = Où l'obtenir ?
bring = À apporter
official-site = Le site officiel
also = Autres solutions
change-answers = Modifier mes réponses
restart = Recommencer
error-bad-link-title = Ce lien ne marche pas
error-bad-link = Il est peut-être ancien ou incomplet. Vous pouvez recommencer depuis le début.
error-not-found-title = Cette page n'existe pas
error-not-found = L'adresse est peut-être mal écrite. Vous pouvez recommencer depuis le début.
error-internal-title = Un problème est survenu
error-internal = Ce n'est pas de votre faute. Réessayez dans un instant, ou demandez à l'accueil.
