"""Static data the simulated OWS tenant draws from: stores, people, products, discounts.

Everything here is plain immutable data; :mod:`.generator` combines it deterministically with a seed.
Names deliberately include accents, CJK and one emoji so every layer gets exercised with non-ASCII text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StoreSite:
    """A store template: number, city, fixed UTC offset (no DST) and local opening hours."""

    number: int
    city: str
    utc_offset_minutes: int
    opens_hour: int
    closes_hour: int


@dataclass(frozen=True, slots=True)
class Product:
    sku: str
    description: str
    price_cents: int


# Three time zones (Eastern, Central, Pacific), fixed offsets so local times stay arithmetic.
STORE_SITES: tuple[StoreSite, ...] = (
    StoreSite(12, "Springfield", -300, 7, 22),
    StoreSite(27, "Saint-Léonard", -300, 8, 21),
    StoreSite(31, "Naperville", -360, 7, 22),
    StoreSite(44, "San José", -480, 7, 23),
    StoreSite(58, "Dearborn", -300, 6, 22),
    StoreSite(63, "Tacoma", -480, 8, 22),
    StoreSite(75, "Des Moines", -360, 7, 21),
    StoreSite(81, "Fresno", -480, 7, 22),
)

# Relative ticket traffic per local hour of the day (index = hour). Hours outside a store's opening
# hours are ignored; a short shoulder before opening and after closing carries the stray
# out-of-hours tickets.
HOURLY_TRAFFIC: tuple[float, ...] = (
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0,  # 00-05
    0.9, 1.1, 1.5, 1.6, 1.9, 2.6,  # 06-11
    3.0, 2.5, 1.8, 1.8, 2.3, 3.0,  # 12-17
    2.8, 2.0, 1.4, 1.0, 0.8, 0.6,  # 18-23
)  # fmt: skip
SHOULDER_BEFORE_OPEN_MIN = 20
SHOULDER_AFTER_CLOSE_MIN = 30
SHOULDER_WEIGHT = 0.25  # relative to the hourly weights above

FIRST_NAMES: tuple[str, ...] = (
    "María", "José", "Zoë", "Björn", "François", "Łukasz", "Siobhán", "Chloé", "Renée", "Jürgen",
    "Ana", "Thomas", "Aisha", "Kenji", "Mei", "Olga", "Dmitri", "Sofía", "Émile", "Noah",
    "Liam", "Emma", "Ines", "Raúl", "Hélène", "Søren", "Ngozi", "Priya", "Mateus", "Yuki",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "López", "García", "Müller", "Nguyễn", "O'Brien", "Kowalski", "Dubois", "Smith", "Johnson",
    "Fernández", "Søndergaard", "Tanaka", "Okafor", "Patel", "Ivanova", "Brontë", "Martínez",
    "Lefèvre", "Schröder", "Williams", "Kim", "Haddad", "Costa", "Novák", "Walsh",
)  # fmt: skip

USER_GROUPS: tuple[str, ...] = (
    "Administrator",
    "Loss Prevention",
    "Store Manager",
    "District Manager",
    "Auditor",
    "Custom Group 2",
    "Custom Group 3",
)

EMAIL_DOMAIN = "example.com"

PRODUCTS: tuple[Product, ...] = (
    Product("SKU1.1", "Chocolate bar 100g", 249),
    Product("SKU1.2", "Dark chocolate 70%", 329),
    Product("SKU1.3", "売上高テスト 菓子", 180),
    Product("SKU1.4", "抹茶チョコ", 399),
    Product("SKU1.5", "Gummy bears 200g", 219),
    Product("SKU1.6", "Salted caramels", 459),
    Product("SKU1.7", "Crème brûlée", 549),
    Product("SKU1.8", "Pain au chocolat", 189),
    Product("SKU2.1", "Café moulu 250g", 799),
    Product("SKU2.2", "Espresso beans 1kg", 2299),
    Product("SKU2.3", "Green tea 20 bags", 349),
    Product("SKU2.4", "Orange juice 1L", 379),
    Product("SKU2.5", "Sparkling water 6×500ml", 499),
    Product("SKU2.6", "Cola 2L", 259),
    Product("SKU2.7", "Energy drink 250ml", 229),
    Product("SKU2.8", "Oat milk 1L", 319),
    Product("SKU3.1", "Whole milk 1 gal", 429),
    Product("SKU3.2", "Greek yogurt 500g", 449),
    Product("SKU3.3", "Gruyère 200g", 899),
    Product("SKU3.4", "Large eggs 12ct", 389),
    Product("SKU3.5", "Butter 454g", 529),
    Product("SKU4.1", "Sourdough loaf", 599),
    Product("SKU4.2", "Bagels 6ct", 429),
    Product("SKU4.3", "Croissant", 249),
    Product("SKU4.4", "Jalapeño chips", 379),
    Product("SKU4.5", "Pretzels 300g", 299),
    Product("SKU4.6", "Trail mix 400g", 749),
    Product("SKU5.1", "Bananas 1lb", 69),
    Product("SKU5.2", "Avocados 4ct", 549),
    Product("SKU5.3", "Honeycrisp apples 3lb", 699),
    Product("SKU5.4", "Baby spinach 5oz", 399),
    Product("SKU5.5", "Jalapeño peppers", 129),
    Product("SKU6.1", "Chicken breast 2lb", 1099),
    Product("SKU6.2", "Ground beef 1lb", 699),
    Product("SKU6.3", "Atlantic salmon fillet", 1349),
    Product("SKU6.4", "Jamón serrano 100g", 699),
    Product("SKU7.1", "Toothpaste 100ml", 349),
    Product("SKU7.2", "Shampoo 400ml", 649),
    Product("SKU7.3", "Razor blades 8ct", 2799),
    Product("SKU7.4", "Ibuprofen 100ct", 899),
    Product("SKU7.5", "Sunscreen SPF 50", 1199),
    Product("SKU7.6", "Baby formula 800g", 3299),
    Product("SKU8.1", "Paper towels 6 rolls", 1099),
    Product("SKU8.2", "Laundry detergent 2L", 1399),
    Product("SKU8.3", "Dish soap 750ml", 349),
    Product("SKU8.4", "AA batteries 8ct", 1149),
    Product("SKU8.5", "Light bulbs LED 4ct", 1299),
    Product("SKU9.1", "Phone charger USB-C", 1999),
    Product("SKU9.2", "Wireless earbuds", 4999),
    Product("SKU9.3", "SD card 128GB", 2499),
    Product("SKU9.4", "HDMI cable 2m", 1499),
    Product("SKU10.1", "Red wine Côtes du Rhône", 1499),
    Product("SKU10.2", "Craft beer 6-pack", 1199),
    Product("SKU10.3", "Sake 720ml 日本酒", 2199),
    Product("SKU10.4", "Cigarettes carton", 8999),
    Product("SKU11.1", "Gift card 🎁", 2500),
    Product("SKU11.2", "Magazine", 699),
    Product("SKU11.3", "Greeting card", 499),
    Product("SKU11.4", "Lottery ticket", 200),
    Product("SKU11.5", "Ramen 拉麺 5-pack", 449),
    Product("SKU11.6", "Kimchi 김치 400g", 599),
)

# Line used for "open department" keyed amounts (the whole-dollar cash pattern).
OPEN_DEPARTMENT = Product("SKU0.0", "Open department", 0)

ROUTINE_DISCOUNTS: tuple[tuple[str, int], ...] = (
    ("Loyalty 10%", 10),
    ("Employee 15%", 15),
    ("Manager 20%", 20),
    ("Price match 25%", 25),
    ("Damaged item 30%", 30),
)
LARGE_DISCOUNTS: tuple[tuple[str, int], ...] = (
    ("Manager 40%", 40),
    ("Manager 50%", 50),
    ("Friends & family 75%", 75),
)

# Paid outs carry one line naming what the cash from the drawer paid for.
PAID_OUT_REASONS: tuple[tuple[str, int], ...] = (
    ("Paid out – window cleaning", 2500),
    ("Paid out – ice delivery", 4000),
    ("Paid out – postage", 1260),
    ("Paid out – petty cash supplies", 1875),
)
