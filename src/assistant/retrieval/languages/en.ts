import type { LanguageResources } from './language';

/** English. Stop words: Snowball's list (BSD), as PostgreSQL ships it. */
export const english: LanguageResources = {
  stemmer: 'english',
  stopWords: `
  i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers 
  herself it its itself they them their theirs themselves what which who whom this that these those am is are 
  was were be been being have has had having do does did doing a an the and but if or because as until while of 
  at by for with about against between into through during before after above below to from up down in out on 
  off over under again further then once here there when where why how all any both each few more most other 
  some such no nor not only own same so than too very s t can will just don should now
`,
  filler: `
  hi hello hey hiya greetings thanks thank thx ty please pls plz kindly cheers regards ok okay yes yeah yep yup
  no nope sure well um uh hmm erm oh so just really actually basically maybe perhaps quick question questions
  query wonder wondering wondered curious know knowing tell telling told let lets need needs needed want wants
  wanted wanna like would could can may might shall must possible possibly able anyone anybody someone
  somebody guys folks info information details detail thing things stuff something anything way ways get gets
  getting got go going also still already again currently exactly please sorry bother bothering asap hear
  heard think thought see find found look looking give explain inform ask asking asked understand mind
  here there very much many lot lots
  `,
  fillerPhrases: [
    'changed my mind', 'change of heart', 'good morning', 'good afternoon', 'good evening', 'good day',
    'thank you', 'thanks a lot', 'many thanks', 'in advance', 'i was wondering', 'quick question',
    'have a question', 'got a question', 'by the way', 'to be honest', 'if possible', 'if you can',
    'is it possible', 'is there any way', 'do you know', 'can you tell me', 'could you tell me',
    'would like to know', 'want to know', 'need to know', 'let me know', 'hello there', 'hi there',
    'how are you', 'hope you are well', 'have a nice day', 'best regards', 'kind regards',
  ],
  joins: [
    'log in', 'log out', 'sign in', 'sign up', 'sign out', 'check out', 'check in', 'e mail', 'wi fi',
    'set up', 'pick up', 'drop off', 'add on', 'web site', 'opt out', 'check up', 'walk in', 'pre order',
    'back order', 'gift card', 'post code', 'zip code', 'pay pal', 'home page', 'user name', 'pass word',
    'how much',
  ],
  conjunctions: ['and', 'also', 'plus'],
  synonyms: [
    ['ship', 'shipping', 'shipment', 'deliver', 'delivery', 'dispatch', 'postage', 'courier', 'carrier', 'freight'],
    ['price', 'cost', 'fee', 'charge', 'rate', 'pricing', 'tariff', 'expensive', 'cheap', 'howmuch'],
    ['refund', 'reimburse', 'reimbursement', 'repay', 'moneyback'],
    ['return', 'exchange', 'swap'],
    ['cancel', 'cancellation', 'terminate', 'termination', 'unsubscribe'],
    ['repair', 'fix', 'mend', 'service', 'servicing', 'maintenance'],
    ['rent', 'rental', 'hire', 'lease', 'borrow'],
    ['warranty', 'guarantee', 'guaranty'],
    ['buy', 'purchase'],
    ['book', 'booking', 'reserve', 'reservation', 'appointment', 'schedule'],
    ['open', 'opening', 'hours', 'close', 'closing'],
    ['pay', 'payment', 'checkout', 'billing'],
    ['voucher', 'coupon', 'promo', 'promotion', 'discount', 'code'],
    ['account', 'profile', 'login', 'signin'],
    ['password', 'passcode', 'pin'],
    ['broken', 'damaged', 'defective', 'faulty', 'break', 'crack', 'cracked'],
    ['size', 'sizing', 'fit', 'measurement'],
    ['contact', 'reach', 'phone', 'telephone'],
    ['location', 'address', 'located', 'situated', 'directions', 'where'],
    ['job', 'career', 'vacancy', 'vacancies', 'employment', 'hiring'],
    ['child', 'children', 'kid', 'kids', 'toddler', 'baby'],
    ['accessible', 'accessibility', 'wheelchair', 'disabled', 'disability'],
    ['cheap', 'affordable', 'inexpensive', 'budget'],
    ['fast', 'quick', 'express', 'rapid', 'speedy'],
    ['invoice', 'receipt', 'bill'],
    ['abroad', 'international', 'overseas', 'worldwide', 'foreign'],
    ['stock', 'available', 'availability', 'instock'],
    ['track', 'tracking', 'trace', 'status'],
    ['gift', 'present'],
    ['allergy', 'allergies', 'allergen', 'intolerance'],
    ['vegan', 'vegetarian', 'plant'],
    ['parking', 'park', 'car'],
    ['student', 'students', 'pupil'],
    ['senior', 'pensioner', 'elderly'],
    ['membership', 'member', 'subscription', 'subscribe', 'plan'],
    ['trial', 'demo', 'test'],
    ['wifi', 'internet', 'wireless'],
    ['staff', 'team', 'employee', 'personnel'],
  ],
};
