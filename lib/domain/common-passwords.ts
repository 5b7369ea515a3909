/**
 * The most common passwords of the public breach lists (their letters only, lower case: the check strips
 * the digits and symbols people put around them). Small on purpose: it catches what guessers try first.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `password passw0rd passwd pass qwerty qwertyuiop qwertyui qwertz azerty asdfgh asdfghjkl zxcvbnm zxcvbn
  qazwsx qazwsxedc qweasd qweasdzxc qwe asd abc abcd abcdef abcdefg abcdefgh abcdefghijkl iloveyou
  iloveyouu loveyou love lovely letmein letmeinplease welcome welcomehome admin administrator root
  toor user guest test tester testing default changeme changeit secret secretpassword private login
  master monkey dragon football baseball basketball soccer hockey golf tennis superman batman spiderman
  starwars pokemon princess sunshine shadow michael jennifer jessica ashley daniel charlie thomas jordan
  hunter killer trustno ninja mustang harley ranger buster tigger tiger lion freedom whatever nothing
  hello hellohello helloworld computer internet access flower summer winter spring autumn fall
  monday friday january february december chocolate cookie cheese pepper ginger orange banana apple
  cherry maggie bailey buddy lucky sparky oliver jasmine samantha nicole amanda michelle daniela
  andrew joshua matthew anthony william richard robert george charles david james john peter
  mypassword yourpassword newpassword oldpassword strongpassword securepassword supersecret
  superpassword passwordpassword mysecret mylove myspace facebook google youtube twitter linkedin
  microsoft apple samsung firebreak blink onetwothree trustnoone solo zaq zaqxsw zaqwsx aaaaaa
  bond qwertyqwerty starwarsforever fuckyou fuckoff asshole bigdick pussy sexy hottie
  batmanbatman liverpool chelsea arsenal barcelona realmadrid juventus manchester yankees cowboys
  eagles steelers lakers dallas london paris berlin newyork america canada england germany france
  india china japan russia brazil mexico australia jesus christ godisgood angel angels heaven
  blessed family forever together friends password! p@ssw0rd p@ssword pa55word`.split(/\s+/),
);
