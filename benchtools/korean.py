"""Synthetic Korean news text, fast enough for a million articles.

Pure Python, no Django. Everything is drawn from one `random.Random`, so a
seed gives the same archive every time. Each section has its own newsmakers
and subjects, so a category page reads like that section; sentences are built
once into a pool per section and articles are assembled from the pools, which
is what makes a million bodies cheap to write.

Search needs a word that is everywhere and one that is almost nowhere:
`COMMON_WORD` (반도체) is in about a quarter of the articles, `RARE_WORD`
in about one in 2,000.
"""

from dataclasses import dataclass
from html import escape

COMMON_WORD = "반도체"
RARE_WORD = "판교테크노밸리"
RARE_RATE = 1 / 2000


@dataclass(frozen=True)
class Section:
    name: str
    newsmakers: tuple[str, ...]
    subjects: tuple[str, ...]


SECTIONS = (
    Section(
        "정치",
        (
            "국회",
            "여당",
            "야당",
            "대통령실",
            "국무총리실",
            "행정안전부",
            "선거관리위원회",
            "통일부",
            "국방부",
            "외교부",
        ),
        (
            "내년도 예산안",
            "선거구 획정",
            "국정감사",
            "개헌 논의",
            "인사청문회",
            "지방선거 공천",
            "대북 정책",
            "한미 정상회담",
            "국방 예산",
            "정당 지지율",
            "반도체 특별법",
            "정부 조직 개편",
        ),
    ),
    Section(
        "경제",
        (
            "기획재정부",
            "한국은행",
            "금융위원회",
            "통계청",
            "공정거래위원회",
            "산업통상자원부",
            "중소벤처기업부",
            "한국무역협회",
        ),
        (
            "기준금리",
            "소비자물가",
            "가계부채",
            "반도체 수출",
            "경상수지",
            "원화 환율",
            "내수 경기",
            "법인세 개편",
            "청년 고용률",
            "주택담보대출 규제",
            "반도체 설비 투자",
            "수출 실적",
        ),
    ),
    Section(
        "사회",
        ("경찰청", "서울시", "보건복지부", "교육부", "고용노동부", "법무부", "대법원", "소방청"),
        (
            "저출생 대책",
            "의대 정원",
            "중대재해처벌법",
            "보육 지원",
            "대중교통 요금",
            "학교폭력 대책",
            "고령층 돌봄",
            "전세사기 피해 구제",
            "폭염 대비 안전 대책",
        ),
    ),
    Section(
        "국제",
        (
            "미국 정부",
            "중국 외교부",
            "일본 정부",
            "유럽연합",
            "유엔 안전보장이사회",
            "세계보건기구",
            "국제통화기금",
            "주요 7개국",
        ),
        (
            "관세 협상",
            "기후변화 협약",
            "공급망 재편",
            "휴전 협상",
            "반도체 수출 통제",
            "난민 지원",
            "에너지 가격",
            "해상 운임",
        ),
    ),
    Section(
        "IT·과학",
        (
            "과학기술정보통신부",
            "삼성전자",
            "SK하이닉스",
            "네이버",
            "카카오",
            "한국전자통신연구원",
            "한국항공우주연구원",
            "LG전자",
        ),
        (
            "인공지능 반도체",
            "생성형 AI 서비스",
            "6G 통신",
            "양자컴퓨터 개발",
            "달 탐사선",
            "개인정보 보호",
            "클라우드 전환",
            "차세대 배터리",
            "고대역폭메모리 반도체",
        ),
    ),
    Section(
        "문화",
        ("문화체육관광부", "국립중앙박물관", "한국콘텐츠진흥원", "국립극장", "영화진흥위원회"),
        (
            "K팝 해외 공연",
            "한국 영화 흥행",
            "웹툰 수출",
            "국가유산 복원",
            "지역 축제",
            "출판 시장",
            "공연 예술 지원",
            "한류 관광",
        ),
    ),
    Section(
        "스포츠",
        (
            "대한축구협회",
            "한국야구위원회",
            "대한체육회",
            "프로농구연맹",
            "축구 국가대표팀",
            "배구연맹",
        ),
        (
            "월드컵 예선",
            "프로야구 개막",
            "올림픽 출전권",
            "선수 이적 시장",
            "아시안게임 준비",
            "심판 판정 논란",
            "유소년 육성",
        ),
    ),
    Section(
        "오피니언",
        ("논설위원", "칼럼니스트", "시민단체", "경제학자", "정치학자"),
        (
            "정책의 일관성",
            "세대 간 갈등",
            "지방 소멸",
            "연금 개혁",
            "규제 혁신",
            "반도체 산업 경쟁력",
            "언론의 역할",
        ),
    ),
)

DEFAULT_CATEGORIES = tuple(section.name for section in SECTIONS)

VERBS = ("발표", "확정", "추진", "검토", "본격화", "시행", "도입", "손질", "재검토", "확대",
         "합의", "시범 운영", "보류", "착수")  # fmt: skip
TAILS = ("{n}조 원 규모", "{p}% 증가 전망", "내년 {m}월부터", "업계 '환영'", "시민단체 '우려'",
         "{y}년 만에 최대", "여야 공방", "현장 점검", "지역별 온도차")  # fmt: skip
FIGURES = ("관련 예산", "신규 일자리", "수출액", "이용객 수", "매출", "투자 규모",
           "취업자 수", "온실가스 배출량", "방문객 수", "영업이익")  # fmt: skip
EFFECTS = ("시장의 불확실성을 줄일", "취약계층의 부담을 덜어줄", "단기적으로 혼란을 부를",
           "성장 동력 확보로 이어질", "지역 경제에 활력을 불어넣을", "실효성 논란을 키울",
           "업계 재편을 앞당길")  # fmt: skip
FACTORS = ("후속 조치", "재원 확보", "현장 안착", "국회 협조", "이해관계 조정", "집행 속도")
QUOTES = ("현장의 목소리를 충분히 듣고 보완하겠다", "국민이 체감하는 변화가 가장 중요하다",
          "이번 결정은 시작에 불과하다", "속도보다 방향이 중요하다",
          "관계 기관과 협의해 부작용을 줄이겠다", "지금이 결정적인 시기라고 본다")  # fmt: skip
ROLES = ("관계자", "대변인", "장관", "위원장", "연구위원", "교수", "대표")
REGIONS = ("서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원",
           "충북", "충남", "전북", "전남", "경북", "경남", "제주")  # fmt: skip
REPORTERS = ("김민준", "이서연", "박지호", "최유진", "정하윤", "강도윤", "조수아", "윤시우",
             "장예린", "임주원", "한지안", "오서진", "서하준", "신채원", "권태민")  # fmt: skip
CITIZENS = ("자영업자", "직장인", "대학생", "주민", "학부모", "상인")
VOICES = ("생활에 어떤 변화가 올지 지켜보겠다", "부담이 더 커지지 않을까 걱정된다",
          "진작 나왔어야 할 대책이다", "현장과는 거리가 있어 보인다")  # fmt: skip
SUBHEADS = ("배경과 쟁점", "엇갈린 현장 반응", "전문가 진단", "남은 과제", "향후 일정",
            "재원은 어떻게", "해외에서는", "업계 파장")  # fmt: skip
GENERIC_COMMON = (
    f"{COMMON_WORD} 업황 회복 속도가 변수로 꼽힌다.",
    f"{COMMON_WORD}를 비롯한 주력 산업의 흐름도 함께 살펴야 한다는 지적이 나온다.",
)


def has_final_consonant(word: str) -> bool:
    """Whether the last syllable ends in a consonant (받침), which picks the particle."""
    last = word[-1]
    return "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 != 0


def particle(word: str, after_consonant: str, after_vowel: str) -> str:
    """`word` with the particle its last syllable takes: 국회는, 예산안은."""
    return word + (after_consonant if has_final_consonant(word) else after_vowel)


@dataclass(frozen=True)
class Story:
    title: str
    excerpt: str
    feature_text: str
    body: str


def _plain(sentences) -> str:
    return " ".join(sentences).replace("<b>", "").replace("</b>", "")


class KoreanNewsWriter:
    """Stories for the given sections: a title, an excerpt, a feature text and
    an HTML body about one subject of the section.

    `sections` are category names; one of the built-in sections gives its own
    vocabulary, any other name borrows one (the n-th name gets the n-th section).
    """

    TOPIC_SENTENCES = 60  # per subject
    GENERAL_SENTENCES = 400  # per section
    TOPIC_SHARE = 0.55  # of a body's sentences, the rest is general
    COMMON_IN_PASSING = 0.025  # general sentences that mention COMMON_WORD

    def __init__(self, rng, sections=DEFAULT_CATEGORIES):
        self.rng = rng
        by_name = {section.name: section for section in SECTIONS}
        self.sections = {
            name: by_name.get(name, SECTIONS[i % len(SECTIONS)]) for i, name in enumerate(sections)
        }
        self.topics = {
            name: {
                # Distinct sentences, so that an article never repeats one.
                subject: sorted(
                    {self._topic_sentence(section, subject) for _ in range(self.TOPIC_SENTENCES)}
                )
                for subject in section.subjects
            }
            for name, section in self.sections.items()
        }
        self.general = {
            name: [self._general_sentence(section) for _ in range(self.GENERAL_SENTENCES)]
            for name, section in self.sections.items()
        }

    def _topic_sentence(self, section: Section, what: str) -> str:
        r = self.rng
        # The newsmaker as topic (국회는), the subject as subject and object (예산안이, 예산안을).
        who = particle(r.choice(section.newsmakers), "은", "는")
        shown = f"<b>{escape(what)}</b>" if r.random() < 0.1 else what
        day, month, region = r.randint(1, 28), r.randint(1, 12), r.choice(REGIONS)
        match r.randrange(7):
            case 0:
                return f"{who} {day}일 {shown} 관련 계획을 공개했다."
            case 1:
                return f"업계에서는 {particle(shown, '이', '가')} {r.choice(EFFECTS)} 것으로 본다."
            case 2:
                return f"전문가들은 {what}의 성패가 {r.choice(FACTORS)}에 달려 있다고 분석했다."
            case 3:
                return f"{who} 다음 달 공청회를 열어 {what}에 대한 의견을 듣는다."
            case 4:
                return f"{region} 지역에서는 {particle(what, '을', '를')} 두고 반응이 엇갈렸다."
            case 5:
                return f"{who} 올해 안에 {what} 후속 대책을 내놓을 계획이다."
            case _:
                talks = f"{particle(shown, '을', '를')} 둘러싼 논의는"
                return f"{talks} {month}월 이후 본격화할 전망이다."

    def _general_sentence(self, section: Section) -> str:
        r = self.rng
        if r.random() < self.COMMON_IN_PASSING:
            return r.choice(GENERIC_COMMON)
        newsmaker = r.choice(section.newsmakers)
        who = particle(newsmaker, "은", "는")
        figure = r.choice(FIGURES)
        match r.randrange(5):
            case 0:
                role = particle(r.choice(ROLES), "은", "는")
                return f'{newsmaker} {role} "{r.choice(QUOTES)}"고 말했다.'
            case 1:
                change = r.choice(("늘어난", "줄어든", "오른", "내린"))
                rate = f"{r.randint(1, 40)}.{r.randint(0, 9)}%"
                amount = f"{r.randint(100, 9999):,}억 원"
                figure = particle(figure, "은", "는")
                return f"{figure} 지난해보다 {rate} {change} {amount}으로 집계됐다."
            case 2:
                citizen = particle(r.choice(CITIZENS), "은", "는")
                return f'{r.choice(REGIONS)}의 한 {citizen} "{r.choice(VOICES)}"고 전했다.'
            case 3:
                return f"{who} {r.randint(1, 28)}일 정례 브리핑에서 관련 내용을 설명했다."
            case _:
                change = r.choice(("증가", "감소", "상승", "하락"))
                return f"이에 따라 {figure}도 {r.randint(1, 15)}% 안팎 {change}할 것으로 예상된다."

    def story(self, section_name: str, byline: str, *, feature: bool, rare: bool = False) -> Story:
        r = self.rng
        section = self.sections[section_name]
        subject = r.choice(section.subjects)
        topic, general = self.topics[section_name][subject], self.general[section_name]
        tail = r.choice(TAILS).format(
            n=r.randint(1, 30), p=r.randint(2, 45), m=r.randint(1, 12), y=r.randint(2, 9)
        )
        title = f"{r.choice(section.newsmakers)}, {subject} {r.choice(VERBS)}…{tail}"
        excerpt = _plain(r.sample(topic, 2))
        feature_text = _plain(r.sample(topic, r.randint(1, 2))) if feature else ""
        return Story(title, excerpt, feature_text, self.body(topic, general, byline, rare=rare))

    def body(self, topic, general, byline: str, *, rare: bool) -> str:
        """HTML of a few hundred to about 2,000 characters: a dateline lead,
        paragraphs, a subhead in longer pieces, the reporter's byline."""
        r = self.rng
        count = min(5 + int(r.expovariate(1 / 14)), 48)
        on_topic = min(round(count * self.TOPIC_SHARE), len(topic) - 1)
        lead, *rest = r.sample(topic, on_topic + 1)
        rest += r.sample(general, count - on_topic)
        r.shuffle(rest)
        sentences = [lead, *rest]
        if rare:
            sentences.insert(r.randrange(1, len(sentences)), f"행사는 {RARE_WORD}에서 열렸다.")
        parts = [f"<p>({r.choice(REGIONS)}=뉴스룸) "]
        position = 0
        while position < len(sentences):
            size = r.randint(2, 4)
            if position:
                if position >= 8 and r.random() < 0.25:
                    parts.append(f"<h2>{r.choice(SUBHEADS)}</h2>")
                parts.append("<p>")
            parts.append(" ".join(sentences[position : position + size]))
            parts.append("</p>")
            position += size
        parts.append(f"<p>{escape(byline)}</p>")
        return "".join(parts)

    def reporter(self) -> str:
        return f"{self.rng.choice(REPORTERS)} 기자"
