site-name = Vigil
site-tagline = Политические заключённые и преследуемые правозащитники: открытый реестр
nav-home = Главная
nav-prisoners = Политзаключённые
nav-hearings = Заседания
nav-lists = Списки
nav-about = О проекте
nav-methodology = Методология
nav-staff = Вход для сотрудников
language = Язык
skip-to-content = Перейти к содержанию
prisoners-count = { $count ->
    [one] { $count } политический заключённый
    [few] { $count } политических заключённых
   *[many] { $count } политических заключённых
}
headline-on-list = в списке «{ $list }» от { $date }
documented-deprived = Задокументированные здесь люди, лишённые свободы сейчас: { $count }
filters = Фильтры
filter-apply = Применить
filter-any = любой
status = Статус
status-deprived = лишены свободы
status-all = все задокументированные
gender = Пол
occupation = Род занятий
facility = Место содержания
charge = Обвинение (статья)
year-of-arrest = Год ареста
list = Список
name = Имя
results = { $count ->
    [one] { $count } человек
    [few] { $count } человека
   *[many] { $count } человек
}
no-results = Никто не соответствует этим фильтрам.
days-in-detention = Дней под стражей
days-count = { $count ->
    [one] { $count } день
    [few] { $count } дня
   *[many] { $count } дней
}
as-of = на { $date }
arrested = Арестован(а)
born = Дата рождения
country = Страна
other-names = Другие написания
biography = Биография
timeline = Хронология
cases = Дела
charges = Обвинения
sentence = Приговор (срок)
verdict = Приговор
international = Международные органы
recognitions = Признание
lists-on = В списках
relations = Связи
sources = Источники
machine-translated = машинный перевод
subscribe-calendar = Подписаться на заседания этого человека (iCalendar)
hearings-upcoming = Предстоящие заседания
hearings-past = Прошедшие заседания
hearings-none = Записей нет.
hearings-subscribe = Подписаться на все заседания (iCalendar)
date = Дата
time = Время
court = Суд
kind = Вид
outcome = Итог
case = Дело
people = Люди
judge = Судья
observers = Наблюдатели допущены
yes = да
no = нет
lists-title = Списки политических заключённых
published-count = Опубликованное число
entries-recorded = Записей внесено
publisher = Издатель
version = Версия
counts-over-time = Число по годам
changes = Что изменилось
changes-since = Изменения с { $from } по { $to }
added = Добавлены
removed = Исключены
category-changed = Изменена категория
counts-only = Записи внесены не для обеих версий; можно сравнить только число.
criteria = Критерии
about-title = О Vigil
about-text = Vigil документирует политических заключённых и преследуемых правозащитников: их дела, заседания, условия содержания и поданные жалобы. Опубликованное здесь проверено редакторами; записи, которые могут подвергнуть людей опасности, остаются у сотрудников.
methodology-title = Методология
methodology-text = Человек включается в список, когда выполнены критерии его издателя. Многие списки следуют Резолюции ПАСЕ 1900 (2012): лишённый свободы человек является политическим заключённым, если содержание под стражей нарушает основную гарантию Европейской конвенции о защите прав человека (a), применено исключительно по политическим мотивам (b), несоразмерно по сроку или условиям (c), дискриминационно (d) или стало итогом явно несправедливого процесса (e).
methodology-days = Дни под стражей не вводятся вручную, а вычисляются из записей о содержании: неполная дата отсчитывается от последнего возможного дня, поэтому число никогда не завышено. Продолжающееся содержание считается до сегодняшнего дня.
methodology-status = Статус человека выводится из записей о содержании под стражей и даты, когда источник в последний раз его подтвердил.
public-records = Открытые записи
count = Число
not-found = Не найдено
not-found-text = По этому адресу нет открытой страницы.
error-title = Что-то пошло не так
sign-in = Войти
sign-out = Выйти
