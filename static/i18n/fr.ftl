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

## Places
places-title = Les lieux près de chez vous
places-near = Près de { $commune }
places-none = Nous ne connaissons pas de lieu qui convient à moins de { $km } km. Appelez Solidarité Numérique, ou demandez à l'accueil.
places-elsewhere = Chercher près d'une autre commune
places-where = Votre code postal ou votre commune
places-search = Chercher
distance = à { $km } km
today = aujourd'hui
tomorrow = demain
weekday-date = { $day } { $date }
day-1 = lundi
day-2 = mardi
day-3 = mercredi
day-4 = jeudi
day-5 = vendredi
day-6 = samedi
day-7 = dimanche
open-until = Ouvert maintenant · ferme à { $time }
open-now = Ouvert maintenant
closed-opens = Fermé maintenant · ouvre { $day } à { $time }
closed-now = Fermé en ce moment
hours-unknown = Horaires non précisés
closed = fermé
itinerant = Lieu itinérant (bus) : vérifiez le jour et l'heure de passage.
access = Pour venir :
appointment = Prendre rendez-vous en ligne
accessibility = Accessibilité du lieu
back-to-referral = Retour à votre orientation
week-hours = Horaires des 7 prochains jours
place-services = Ce que propose ce lieu
place-programmes = Labels et réseaux
place-contact = Site et e-mail
place-updated = Informations mises à jour le { $date }.
search-title = Trouver un lieu
search-intro = Cherchez les lieux d'aide au numérique près d'une commune.
search-kind = Le type d'aide
about-link = À propos et sources des données
about-title = À propos d'Aiguillage
about-what = Aiguillage vous aide à trouver la bonne aide pour vos démarches en ligne : un lieu près de chez vous, une personne qui fait la démarche avec vous, ou un numéro de téléphone.
about-privacy-title = Vos données
about-privacy = Aiguillage ne garde rien sur vous. Pas de compte, pas de cookie. Vos réponses restent dans l'adresse de la page.
about-data-title = Les données utilisées
about-places = { $count } lieux : ANCT, cartographie nationale des lieux d'inclusion numérique et liste des structures France services (données du { $date }).
about-communes = Les communes : Etalab / DINUM, découpage administratif et API Géo (INSEE, La Poste).
about-licence = Ces données sont publiées sous

## Chat
home-write-title = Ou écrivez votre problème
home-write = Écrivez avec vos mots ce qui vous bloque. Par exemple : « je n'arrive pas à me connecter à la CAF ».
chat-title = Discussion
chat-hello = Bonjour ! Dites-moi ce qui vous bloque, avec vos mots.
chat-bot-says = Aiguillage :
chat-you-said = Vous :
chat-understood = J'ai compris : { $theme }. C'est bien ça ?
chat-yes = Oui, c'est ça
chat-no = Non, autre chose
chat-choose = D'accord. Touchez le sujet qui vous concerne.
chat-not-understood = Je n'ai pas bien compris. Touchez le sujet qui vous concerne, ou demandez à une personne.
chat-unclear = Je n'ai pas compris votre réponse. Touchez un bouton, ou écrivez autrement.
chat-referral = Voici la bonne aide pour vous : { $title }.
chat-write = Votre message
chat-send = Envoyer
chat-human = Parler à une personne

## Language and display
tools-label = Langue et affichage
text-larger = Agrandir le texte
text-normal = Texte normal
contrast-high = Contraste renforcé
contrast-normal = Contraste normal
qr-label = Code QR pour ouvrir { $url } sur votre téléphone

## Kiosk
idle-title = Vous êtes toujours là ?
idle-text = Sans réponse dans { $seconds } secondes, l'écran revient à l'accueil. Vos réponses seront effacées.
idle-continue = Oui, je continue
idle-restart = Non, recommencer

## Reception
reception-title = Orientation à l'accueil
reception-intro = Cochez les réponses de la personne, puis « Orienter ». Les questions qui ne comptent pas pour sa situation sont ignorées.
reception-submit = Orienter
reception-clear = Effacer
reception-missing = Il manque une réponse :
reception-full = Voir et imprimer la fiche

## Slip
slip-title = Retrouvez cette fiche sur votre téléphone
slip-qr = Code QR de cette fiche, à scanner avec un téléphone
print = Imprimer
